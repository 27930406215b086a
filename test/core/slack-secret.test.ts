/**
 * The Slack app's secret as an operator writes it in Secrets Manager:
 * `{"signingSecret": "…", "botToken": "xoxb-…"}`, with `"previousSigningSecret"` while the signing
 * secret is rotated. Anything else yields no signing secret, so every request is refused.
 * Placeholders only: 32 hex digits for a signing secret, a bot token that is visibly an example.
 */
import { slackSecretOf } from '../../lambdas/core/slack-secret';

const CURRENT = '0123456789abcdef0123456789abcdef';
const PREVIOUS = 'fedcba9876543210fedcba9876543210';
const BOT_TOKEN = 'xoxb-EXAMPLE-placeholder-bot-token';

describe('slackSecretOf', () => {
  it('reads the signing secret and the bot token', () => {
    // Act
    const secret = slackSecretOf(JSON.stringify({ signingSecret: CURRENT, botToken: BOT_TOKEN }));

    // Assess
    expect(secret).toEqual({ signingSecrets: [CURRENT], botToken: BOT_TOKEN });
  });

  it('keeps the current signing secret first and the previous one after it during a rotation', () => {
    // Act
    const secret = slackSecretOf(
      JSON.stringify({ previousSigningSecret: PREVIOUS, signingSecret: CURRENT, botToken: BOT_TOKEN }),
    );

    // Assess
    expect(secret).toEqual({ signingSecrets: [CURRENT, PREVIOUS], botToken: BOT_TOKEN });
  });

  it('accepts a signing secret in upper-case hex', () => {
    // Act
    const secret = slackSecretOf(JSON.stringify({ signingSecret: CURRENT.toUpperCase() }));

    // Assess
    expect(secret).toEqual({ signingSecrets: [CURRENT.toUpperCase()] });
  });

  it.each([
    ['31 hex digits', CURRENT.slice(1)],
    ['33 hex digits', `${CURRENT}0`],
    ['a non-hex character', `${CURRENT.slice(1)}g`],
    ['surrounding spaces', ` ${CURRENT} `],
    ['a number', 42],
    ['an empty string', ''],
  ])('drops a signing secret with %s, keeping the valid one', (_, previous) => {
    // Act
    const secret = slackSecretOf(JSON.stringify({ signingSecret: CURRENT, previousSigningSecret: previous }));

    // Assess
    expect(secret).toEqual({ signingSecrets: [CURRENT] });
  });

  it.each([
    ['a user token', 'xoxp-EXAMPLE-placeholder-user-token'],
    ['a token too short after xoxb-', 'xoxb-EXAMPLE'],
    ['a token with a space', 'xoxb-EXAMPLE placeholder-bot-token'],
    ['a token with a newline', 'xoxb-EXAMPLE-placeholder-bot-token\n'],
    ['not a string', 12345],
  ])('drops a bot token that is %s', (_, botToken) => {
    // Act
    const secret = slackSecretOf(JSON.stringify({ signingSecret: CURRENT, botToken }));

    // Assess
    expect(secret).toEqual({ signingSecrets: [CURRENT] });
  });

  it.each([
    // What CloudFormation puts in a Secret without a template: a random password (here a made-up one).
    ['the random value the stack deploys', "Xq7#p!Lr2^v&Ws9*Zt4(Yb1)Nd6~Kf3'"],
    ['an empty secret', ''],
    ['JSON null', 'null'],
    ['a JSON string', JSON.stringify(CURRENT)],
    ['a JSON array', JSON.stringify([CURRENT])],
    ['the app values under other names', JSON.stringify({ signing_secret: CURRENT, bot_token: BOT_TOKEN })],
  ])('yields no signing secret for %s', (_, value) => {
    // Act
    const secret = slackSecretOf(value);

    // Assess
    expect(secret).toEqual({ signingSecrets: [] });
  });
});
