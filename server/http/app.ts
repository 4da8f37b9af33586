import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'winston';
import type { z } from 'zod';
import { appError, errorCatalogue, httpContracts, type AppError } from '../../shared/protocol/index.js';
import { isAppError, type SessionService } from '../sessions.js';
import { StoreUnavailableError } from '../store/port.js';
import type { ScenarioCatalogue } from '../room/service.js';
import type { Metrics } from '../metrics.js';

export type HttpDeps = {
  sessions: SessionService;
  scenarios: ScenarioCatalogue;
  logger: Logger;
  /** Readiness: the store answers and the server is not draining. */
  isReady: () => Promise<boolean>;
  metrics: Metrics;
};

function sendError(res: Response, error: AppError): void {
  res.status(errorCatalogue[error.code].status).json({ error });
}

function summarize(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

/** Parse the body with the route's schema, run the use case, answer the result or a coded error. */
function route<S extends z.ZodType, R>(schema: S, run: (body: z.infer<S>) => Promise<R | AppError>, logger: Logger) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = schema.safeParse(req.body ?? {});
    if (!parsed.success) return sendError(res, appError('BAD_PAYLOAD', summarize(parsed.error)));
    try {
      const result = await run(parsed.data);
      if (isAppError(result)) return sendError(res, result);
      res.status(200).json(result);
    } catch (err) {
      if (err instanceof StoreUnavailableError) return sendError(res, appError('UNAVAILABLE', 'storage is unreachable; nothing was recorded. Retry.'));
      logger.error('http request failed', { path: req.path, err: err instanceof Error ? err.stack : String(err) });
      sendError(res, appError('INTERNAL', 'internal error'));
    }
  };
}

export function createHttpApp({ sessions, scenarios, logger, isReady, metrics }: HttpDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '16kb' }));

  app.get('/healthz', (_req, res) => { res.json({ ok: true }); });
  app.get('/readyz', async (_req, res) => {
    const ready = await isReady().catch(() => false);
    res.status(ready ? 200 : 503).json({ ok: ready });
  });

  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.get(httpContracts.listScenarios.path, (_req, res) => {
    res.json({ scenarios: scenarios.list().map((s) => ({ id: s.id, title: s.title, summary: s.summary, biases: s.biases,
      turnCount: s.turns.length, durationMinutes: s.durationMinutes, players: s.players })) });
  });
  app.post(httpContracts.createSession.path, route(httpContracts.createSession.body, (b) => sessions.create(b.scenarioId), logger));
  app.post(httpContracts.joinSession.path, route(httpContracts.joinSession.body, (b) => sessions.join(b.code, b.nickname), logger));
  app.post(httpContracts.spectate.path, route(httpContracts.spectate.body, (b) => sessions.spectate(b.code), logger));

  app.use((_req, res) => sendError(res, appError('NOT_FOUND', 'no such endpoint')));
  // Express calls a four-argument handler for errors, e.g. a body that is not JSON or too large.
  app.use((err: { type?: string; status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    if (err.type === 'entity.too.large') return sendError(res, appError('BAD_PAYLOAD', 'body too large (limit 16 kB)'));
    if (err.status !== undefined && err.status < 500) return sendError(res, appError('BAD_PAYLOAD', 'body is not valid JSON'));
    logger.error('http error', { err: String(err) });
    sendError(res, appError('INTERNAL', 'internal error'));
  });
  return app;
}
