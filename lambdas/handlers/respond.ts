// Placeholder wiring; the real handler lands with the core (see lambdas/core).
export const handler = async (_event: unknown): Promise<{ signals: number }> => Promise.resolve({ signals: 0 });
