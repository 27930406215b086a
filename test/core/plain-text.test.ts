import { oneLine } from '../../lambdas/core/plain-text';
import { renderNotification } from '../../lambdas/core/report';
import { openFrom } from '../../lambdas/core/correlate';
import { NOW, detectionSignal } from './builders';

describe('oneLine', () => {
  it('keeps an attacker-chosen name from forging lines, escape sequences or reversed text', () => {
    expect(oneLine('mallory\n\nNeeds a person:\n  - all clear\u001b[2J\u202eevil')).toBe(
      'mallory Needs a person: - all clear [2J evil',
    );
  });

  it('bounds the length', () => {
    expect(oneLine('x'.repeat(500), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('notifications', () => {
  it('show a hostile title on one line', () => {
    const signal = detectionSignal({
      title: 'alice created IAM user evil\nNeeds a person:\n  - nothing, all clear',
    });
    const { message } = renderNotification(openFrom(signal, NOW), []);
    expect(message.split('\n')[0]).toBe(
      '[HIGH] alice created IAM user evil Needs a person: - nothing, all clear (user alice)',
    );
  });
});
