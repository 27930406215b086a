/**
 * The payload a runbook's state machine invokes its step Lambda with (lib/runbooks.ts), checked
 * before anything is read: a known step and runbook, an approval id, and for the approval step
 * (`.waitForTaskToken`) its task token. Anything else is refused with the reason, never thrown.
 */
import { runbookStepInputOf } from '../../lambdas/sources/runbook-step-input';

const APPROVAL_ID = 'apr-0f1rdzq053pk4s';
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAT0kEXAMPLETASKTOKEN';

describe('runbookStepInputOf', () => {
  it('reads the approval step with its task token', () => {
    // Act
    const input = runbookStepInputOf({
      step: 'request-approval',
      runbook: 'contain-key',
      approvalId: APPROVAL_ID,
      taskToken: TOKEN,
    });

    // Assess
    expect(input).toEqual({
      ok: true,
      value: { step: 'request-approval', runbook: 'contain-key', approvalId: APPROVAL_ID, taskToken: TOKEN },
    });
  });

  it.each(['execute', 'denied', 'expire'] as const)('reads the %s step, keeping nothing else', (step) => {
    // Act
    const input = runbookStepInputOf({
      step,
      runbook: 'twilio-lockdown',
      approvalId: APPROVAL_ID,
      taskToken: TOKEN,
      error: { Error: 'States.Timeout' },
    });

    // Assess
    expect(input).toEqual({ ok: true, value: { step, runbook: 'twilio-lockdown', approvalId: APPROVAL_ID } });
  });

  it.each([
    'contain-key',
    'investigate-key',
    'remove-rogue-principals',
    'pause-ses',
    'resume-ses',
    'twilio-lockdown',
    'sendgrid-lockdown',
  ])('knows the %s runbook', (runbook) => {
    // Act
    const input = runbookStepInputOf({ step: 'execute', runbook, approvalId: APPROVAL_ID });

    // Assess
    expect(input.ok).toBe(true);
  });

  it.each([
    [
      'the approval step without a task token',
      { step: 'request-approval', runbook: 'contain-key', approvalId: APPROVAL_ID },
      'request-approval without a taskToken',
    ],
    [
      'the approval step with an empty task token',
      { step: 'request-approval', runbook: 'contain-key', approvalId: APPROVAL_ID, taskToken: '' },
      'request-approval without a taskToken',
    ],
    [
      'an unknown runbook',
      { step: 'execute', runbook: 'delete-everything', approvalId: APPROVAL_ID },
      'unknown runbook "delete-everything"',
    ],
    ['no runbook', { step: 'execute', approvalId: APPROVAL_ID }, 'unknown runbook null'],
    [
      'an unknown step',
      { step: 'approve', runbook: 'contain-key', approvalId: APPROVAL_ID },
      'unknown step "approve"',
    ],
    ['no step', { runbook: 'contain-key', approvalId: APPROVAL_ID }, 'unknown step null'],
    ['no approval id', { step: 'execute', runbook: 'contain-key' }, 'no approvalId'],
    ['an empty approval id', { step: 'execute', runbook: 'contain-key', approvalId: '' }, 'no approvalId'],
    [
      'an approval id with spaces',
      { step: 'execute', runbook: 'contain-key', approvalId: 'apr-1 apr-2' },
      'no approvalId',
    ],
    [
      'an approval id over 200 characters',
      { step: 'execute', runbook: 'contain-key', approvalId: `apr-${'a'.repeat(197)}` },
      'no approvalId',
    ],
    [
      'an approval id that is not a string',
      { step: 'execute', runbook: 'contain-key', approvalId: 42 },
      'no approvalId',
    ],
    ['a payload that is not an object', 'execute', 'unknown runbook null'],
    ['no payload', undefined, 'unknown runbook null'],
  ])('refuses %s, saying why', (_, event, reason) => {
    // Act
    const input = runbookStepInputOf(event);

    // Assess
    expect(input).toEqual({ ok: false, reason });
  });

  it('accepts an approval id of exactly 200 visible characters', () => {
    // Prepare
    const approvalId = `apr-${'a'.repeat(196)}`;

    // Act
    const input = runbookStepInputOf({ step: 'denied', runbook: 'pause-ses', approvalId });

    // Assess
    expect(input).toEqual({ ok: true, value: { step: 'denied', runbook: 'pause-ses', approvalId } });
  });
});
