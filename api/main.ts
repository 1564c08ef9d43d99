/**
 * The entry point (`npm start` from source, `node dist/api/main.js` in production). It reads the
 * configuration, starts OpenTelemetry tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set — before the
 * server's modules load, so HTTP, Express and PostgreSQL calls can be instrumented — then the server.
 */
import { loadConfig, ConfigError, type Config } from './config.js';
import { createLogger } from './shared/logger.js';

let config: Config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(e.message + '\n');
    process.exit(78);
  }
  throw e;
}
const log = createLogger(config);

let stopTracing = async (): Promise<void> => {};
if (config.otelEndpoint) {
  const { startTracing } = await import('./ops/tracing.js');
  stopTracing = await startTracing(config, log);
}

const { runServer } = await import('./server.js');
await runServer(config, log, () => stopTracing());
