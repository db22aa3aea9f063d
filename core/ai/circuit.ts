// A circuit breaker for the model server: after `failures` failures in a row (timeouts, errors) it opens
// and every call is refused at once ('circuit_open') instead of making each chat turn wait for a server
// that is down; after `coolDownMs` one trial call goes through (half-open): its success closes the
// circuit, its failure opens it for another cool-down. One per process: the server is the same for every
// office. Pure over the clock it is given.

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface Circuit {
  /** whether a call may go now; in half-open, true once (the trial) until its result is known */
  allow(): boolean;
  success(): void;
  failure(): void;
  /** the call allowed was not made after all (no budget): a half-open trial is given back */
  release(): void;
  state(): CircuitState;
}

export function createCircuit(options: { failures: number; coolDownMs: number; now: () => number }): Circuit {
  let state: CircuitState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let trialOut = false;
  const open = () => {
    state = 'open';
    openedAt = options.now();
    trialOut = false;
  };
  return {
    allow() {
      if (state === 'closed') return true;
      if (state === 'open' && options.now() - openedAt >= options.coolDownMs) state = 'half_open';
      if (state === 'half_open' && !trialOut) {
        trialOut = true;
        return true;
      }
      return false;
    },
    success() {
      state = 'closed';
      failures = 0;
      trialOut = false;
    },
    failure() {
      failures++;
      if (state === 'half_open' || failures >= options.failures) open();
    },
    release() {
      if (state === 'half_open') trialOut = false;
    },
    state: () => state,
  };
}
