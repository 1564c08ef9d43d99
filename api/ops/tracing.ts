/**
 * Optional OpenTelemetry traces (only loaded when OTEL_EXPORTER_OTLP_ENDPOINT is set): the standard
 * SDK with a batch exporter over OTLP/HTTP, W3C trace context, and the HTTP, Express and PostgreSQL
 * instrumentations. main.ts starts it before importing the server, so the instrumented modules are
 * loaded through the ESM hook. The exporter reads the other standard variables itself
 * (OTEL_EXPORTER_OTLP_HEADERS for an API key, OTEL_EXPORTER_OTLP_TIMEOUT, …); OTEL_TRACES_SAMPLER_ARG
 * keeps that share of new traces (parent-based), else every trace is kept.
 */
import { register } from 'node:module';
import type { Logger } from 'pino';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  AlwaysOnSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import type { Config } from '../config.js';

/** Paths never traced: probes and scrapes would drown the traces people look for. */
const UNTRACED = new Set(['/livez', '/readyz', '/metrics']);

/** Starts tracing; returns the function that flushes and stops it (called last on shutdown). */
export async function startTracing(
  config: Pick<Config, 'otelEndpoint' | 'otelServiceName' | 'otelSampleRatio'>,
  log: Logger,
): Promise<() => Promise<void>> {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const endpoint = config.otelEndpoint!.replace(/\/$/, '');
  const exporter = new OTLPTraceExporter({ url: `${endpoint}/v1/traces` });
  const ratio = config.otelSampleRatio;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.otelServiceName }),
    sampler: new ParentBasedSampler({
      root: ratio !== undefined && ratio < 1 ? new TraceIdRatioBasedSampler(ratio) : new AlwaysOnSampler(),
    }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED.has((req.url ?? '').split('?')[0] ?? ''),
      }),
      new ExpressInstrumentation(),
      new PgInstrumentation(),
    ],
  });
  log.info({ endpoint: `${endpoint}/v1/traces`, service: config.otelServiceName }, 'OpenTelemetry tracing on');
  return async () => {
    await provider.forceFlush();
    await provider.shutdown();
  };
}
