import { Controller, Get, Injectable } from '@nestjs/common';
import { Registry, Timed } from 'promkit';
import { MetricsModule } from 'promkit/nest';
import { idsOf, startTracing, type Tracing } from '../support/tracing';
import { waitFor } from '../support/wait-for';
import { closeAllApps, PLATFORMS, rawGet, startApp } from './nest-app';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_ID = 'b7ad6b7169203331';

let tracing: Tracing;
beforeAll(() => {
  tracing = startTracing();
});
afterAll(() => tracing.stop());
afterEach(closeAllApps);

const spanIds: Record<string, string>[] = [];

@Injectable()
class QuotesService {
  @Timed({ name: 'quotes_price_seconds', buckets: [1] })
  price(): number {
    return 42;
  }
}

@Controller('quotes')
class QuotesController {
  constructor(private readonly quotes: QuotesService) {}

  @Get()
  get() {
    return { price: 1 };
  }

  @Get('traced')
  traced() {
    return tracing.inSpan(tracing.sampled, (span) => {
      spanIds.push(idsOf(span));
      return { price: this.quotes.price() };
    });
  }
}

describe.each(PLATFORMS)('trace exemplars in a Nest app on %s', (platform) => {
  it('HTTP durations take the traceparent header; decorated methods take the active span', async () => {
    const registry = new Registry();
    spanIds.length = 0;
    const { url } = await startApp(platform, {
      imports: [MetricsModule.forRoot({ registry, defaultMetrics: false })],
      controllers: [QuotesController],
      providers: [QuotesService],
    });
    expect((await rawGet(`${url}/quotes`, { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` })).status).toBe(
      200,
    );
    expect((await rawGet(`${url}/quotes/traced`)).status).toBe(200);
    const exemplars = await waitFor(
      async () => {
        const samples = await registry.getSamples();
        const measured = samples.filter((s) => s.name === 'http_request_duration_seconds_count');
        if (measured.length < 2) return undefined;
        return Object.fromEntries(
          samples
            .filter((s) => s.exemplar)
            .map((s) => [`${s.name} ${s.labels.route ?? ''}`, s.exemplar?.labels]),
        );
      },
      { what: 'both requests to be measured', timeoutMs: 10_000, intervalMs: 50 },
    );
    expect(exemplars).toEqual({
      'http_request_duration_seconds_bucket /quotes': { trace_id: TRACE_ID, span_id: PARENT_ID },
      'quotes_price_seconds_bucket ': spanIds[0],
    });
  });
});
