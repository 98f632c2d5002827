/** What a consumer's parser answers: the typed message, or why the bytes are not one (never retried). */
export type ParseOutcome<M> = { ok: true; message: M } | { ok: false; error: unknown };
