/** The `/ato` slash command's grammar: each command, its checks, the reason rule, the help text. */
import { HELP, parseAtoCommand } from '../../lambdas/core/slack-commands';

describe('parseAtoCommand', () => {
  it.each([
    [
      'contain-key AKIAIOSFODNN7EXAMPLE leaked in a public repo',
      { name: 'contain-key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', reason: 'leaked in a public repo' },
    ],
    ['investigate AKIAIOSFODNN7EXAMPLE', { name: 'investigate', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }],
    [
      'twilio-lockdown US,CA toll fraud to +882',
      { name: 'twilio-lockdown', countries: ['US', 'CA'], reason: 'toll fraud to +882' },
    ],
    ['ses-pause eu-west-1 bounce burst', { name: 'ses-pause', region: 'eu-west-1', reason: 'bounce burst' }],
    ['ses-resume us-east-1 cause fixed', { name: 'ses-resume', region: 'us-east-1', reason: 'cause fixed' }],
    ['status ato-20261122-1a2b3c4', { name: 'status', incidentId: 'ato-20261122-1a2b3c4' }],
    [
      '  undo   ato-20261122-1a2b3c4   false positive, our deploy  ',
      { name: 'undo', incidentId: 'ato-20261122-1a2b3c4', reason: 'false positive, our deploy' },
    ],
  ])('reads "%s"', (text, command) => {
    // Act
    const parsed = parseAtoCommand(text);

    // Assess
    expect(parsed).toEqual({ ok: true, command });
  });

  it.each([
    ['contain-key AKIAIOSFODNN7EXAMPLE', '`contain-key` needs a reason, after its argument.'],
    ['undo ato-20261122-1a2b3c4 ok', '`undo` needs a reason, after its argument.'],
    ['contain-key alice leaked', '`contain-key` needs an access key id (AKIA…).'],
    ['twilio-lockdown UK,usa fraud', '`twilio-lockdown` needs the countries to keep, as ISO codes: US,CA.'],
    ['ses-pause europe spam run', '`ses-pause` needs an AWS region such as eu-west-1.'],
    ['status 42', '`status` needs an incident id (ato-YYYYMMDD-xxxxxxx).'],
    ['delete-everything now please', 'Unknown command `delete-everything`.'],
    ['<!channel> hello', 'Unknown command.'],
  ])('refuses "%s", saying why, with the help', (text, why) => {
    // Act
    const parsed = parseAtoCommand(text);

    // Assess
    expect(parsed).toEqual({ ok: false, message: `${why}\n${HELP}` });
  });

  it.each(['', 'help', '   '])('answers "%s" with the help alone', (text) => {
    // Act
    const parsed = parseAtoCommand(text);

    // Assess
    expect(parsed).toEqual({ ok: false, message: HELP });
  });
});
