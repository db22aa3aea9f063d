// The AI helper from the configuration: off (disabledAi, Nova as without it) unless OPENAI_API_KEY is
// set; then the OpenAI adapter over the runtime's database (usage and the daily budget) and clock.
import type { RuntimeOptions } from '../bot/engine/runtime.ts';
import { createOpenAiAdapter } from '../core/ai/openai.adapter.ts';
import type { AppConfig } from '../core/config/env.ts';

export function aiFromConfig(cfg: AppConfig): RuntimeOptions['ai'] {
  const apiKey = cfg.OPENAI_API_KEY;
  if (!apiKey) return undefined;
  return ({ db, clock, logger }) =>
    createOpenAiAdapter({
      apiKey,
      baseURL: cfg.OPENAI_BASE_URL,
      model: cfg.OPENAI_MODEL,
      transcribeModel: cfg.OPENAI_TRANSCRIBE_MODEL,
      dailyBudgetCalls: cfg.AI_DAILY_BUDGET_CALLS,
      understandTimeoutMs: cfg.AI_UNDERSTAND_TIMEOUT_MS,
      timeoutMs: cfg.AI_TIMEOUT_MS,
      timeZone: cfg.DEFAULT_TIME_ZONE,
      db,
      clock,
      logger,
    });
}
