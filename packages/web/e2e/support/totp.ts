import { authenticator } from 'otplib';

const STEP_MS = 30_000;

function currentStep(): number {
  return Math.floor(Date.now() / STEP_MS);
}

/**
 * The user's authenticator app. A code is accepted at most once per 30-second step, so after a
 * code has been used the next one comes from a later step: `freshCode` waits for it.
 */
export class TestAuthenticator {
  /** The step during which the last code was used; later codes must come from a later step. */
  private usedStep = -1;

  constructor(readonly secret: string) {}

  /** A code from a step later than the last used one, waiting (up to one step) if needed. */
  async freshCode(): Promise<string> {
    for (;;) {
      const step = currentStep();
      if (step > this.usedStep) {
        const code = authenticator.generate(this.secret);
        // Generated right at a boundary? Take the next step's code instead.
        if (currentStep() === step) return code;
        continue;
      }
      const untilNextStep = (this.usedStep + 1) * STEP_MS - Date.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(10, untilNextStep + 10)));
    }
  }

  /** Six digits that are not a valid code for any step the server accepts now or a few seconds from now. */
  wrongCode(): string {
    const now = Date.now();
    const valid = [-1, 0, 1, 2].map((offset) =>
      authenticator.clone({ epoch: now + offset * STEP_MS }).generate(this.secret),
    );
    for (let shift = 1; ; shift++) {
      const candidate = String((Number(valid[1]) + shift * 111_111) % 1_000_000).padStart(6, '0');
      if (!valid.includes(candidate)) return candidate;
    }
  }

  /**
   * Records that the server has accepted a code. The current step (not the one the code came
   * from) is remembered: the server may have matched it to either.
   */
  markUsed(): void {
    this.usedStep = currentStep();
  }
}
