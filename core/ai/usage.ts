// What the AI helper used, per office, per day and per kind (the ai_usage table): the daily budget is
// counted here, so that it holds across processes and restarts. Written with the runtime's own database
// client, outside the chat turn's transaction: a call the model was paid for stays counted even when the
// turn is rolled back. Only counts are kept, never a text.
import type { Db } from '../db/client.ts';

export type AiKind = 'understand' | 'describe' | 'summarize' | 'transcribe';

export interface UsageKey {
  organizationId: string;
  /** YYYY-MM-DD, the office's day */
  day: string;
  kind: AiKind;
  promptVersion: string;
}

export interface UsageRow {
  kind: AiKind;
  promptVersion: string;
  calls: number;
  cached: number;
  failures: number;
  inputTokens: number;
  outputTokens: number;
}

export function createAiUsage(db: Db) {
  return {
    /**
     * Counts one call against the office's budget for the day: false (and nothing counted) when the
     * calls of the day already reached `budget`. Serialized per office by an advisory lock, so that two
     * turns at once cannot both take the last call.
     */
    async reserve(key: UsageKey, budget: number): Promise<boolean> {
      if (budget <= 0) return false;
      return db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`ai-budget:${key.organizationId}`}, 0))`;
        const [used] = await tx.$queryRaw<Array<{ calls: number }>>`
          SELECT coalesce(sum(calls), 0)::int AS calls FROM ai_usage
          WHERE organization_id = ${key.organizationId}::uuid AND day = ${key.day}::date`;
        if ((used?.calls ?? 0) >= budget) return false;
        await tx.$executeRaw`
          INSERT INTO ai_usage (organization_id, day, kind, prompt_version, calls)
          VALUES (${key.organizationId}::uuid, ${key.day}::date, ${key.kind}, ${key.promptVersion}, 1)
          ON CONFLICT (organization_id, day, kind) DO UPDATE
            SET calls = ai_usage.calls + 1, prompt_version = excluded.prompt_version, updated_at = now()`;
        return true;
      });
    },

    /** Adds what a call (or a cache hit) used to the row of the day. */
    async add(
      key: UsageKey,
      counts: { cached?: number; failures?: number; inputTokens?: number; outputTokens?: number },
    ): Promise<void> {
      await db.$executeRaw`
        INSERT INTO ai_usage (organization_id, day, kind, prompt_version, cached, failures, input_tokens, output_tokens)
        VALUES (${key.organizationId}::uuid, ${key.day}::date, ${key.kind}, ${key.promptVersion},
                ${counts.cached ?? 0}, ${counts.failures ?? 0}, ${counts.inputTokens ?? 0}, ${counts.outputTokens ?? 0})
        ON CONFLICT (organization_id, day, kind) DO UPDATE SET
          cached = ai_usage.cached + excluded.cached,
          failures = ai_usage.failures + excluded.failures,
          input_tokens = ai_usage.input_tokens + excluded.input_tokens,
          output_tokens = ai_usage.output_tokens + excluded.output_tokens,
          prompt_version = excluded.prompt_version,
          updated_at = now()`;
    },

    /** The office's rows of a day (operators, tests). */
    async ofDay(organizationId: string, day: string): Promise<UsageRow[]> {
      const rows = await db.aiUsage.findMany({
        where: { organizationId, day: new Date(`${day}T00:00:00Z`) },
        orderBy: { kind: 'asc' },
      });
      return rows.map((r) => ({
        kind: r.kind as AiKind,
        promptVersion: r.promptVersion,
        calls: r.calls,
        cached: r.cached,
        failures: r.failures,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
      }));
    },
  };
}

export type AiUsage = ReturnType<typeof createAiUsage>;
