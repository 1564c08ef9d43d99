import {
  HttpError,
  type CreateParams,
  type DataProvider,
  type GetListParams,
  type GetOneParams,
  type Identifier,
  type RaRecord,
  type UpdateParams,
} from 'react-admin';
import type { paths } from '../../clients/typescript/index';
import { answer, ApiError, registry } from './api';
import { translateNow } from './i18n/translate-now';

/** A row as the API sends it: a JSON object, usually with an `id`. */
type Row = { id?: Identifier; [field: string]: unknown };

// ---- the API's paths, as the generated client types them ----

type Method = 'get' | 'post' | 'patch';
/** The JSON a successful call of an operation answers (200 or 201). */
type Json<Op> = Op extends { responses: infer R }
  ? { [C in keyof R & (200 | 201)]: R[C] extends { content: { 'application/json': infer A } } ? A : never }[keyof R &
      (200 | 201)]
  : never;
/** The paths that declare a method. */
type With<M extends Method> = { [P in keyof paths]: paths[P] extends Record<M, object> ? P : never }[keyof paths];
/** A GET answering a page of rows, `{ items, total }`. */
type ListPath = {
  [P in With<'get'>]: Json<paths[P]['get']> extends { items: Row[]; total: number } ? P : never;
}[With<'get'>];
/** Whether a list declares a query (page, perPage, sort, order, filters) or answers every row at once. */
type Declared<P extends ListPath> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? [NonNullable<Q>] extends [never]
    ? 'whole'
    : 'paged'
  : never;
type PagedListPath = { [P in ListPath]: Declared<P> extends 'paged' ? P : never }[ListPath];
type WholeListPath = { [P in ListPath]: Declared<P> extends 'whole' ? P : never }[ListPath];
/** The path of one row, `…/{id}`, with the given method. */
type ItemPath<M extends Method> = Extract<With<M>, `${string}/{id}`>;

/**
 * Where a react-admin resource lives in the API. A paged list takes the page, sort and filters in its
 * query and reads one row at `item`; a whole list declares no query (so none is sent), answers every
 * row at once, and one row is found in it (`item`, when there, is where a row is changed).
 */
type Route =
  | { list: PagedListPath; item?: ItemPath<'get'>; whole?: never }
  | { list: WholeListPath; item?: ItemPath<'patch'>; whole: true };

/**
 * Every resource the UI registers (App.tsx `<Resource>`, `reference=` and `resource=`), checked against
 * the API's paths: a path renamed or removed, a list that stops answering `{ items, total }` or starts
 * or stops taking a query, breaks the build here.
 */
const RESOURCES: Record<string, Route> = {
  accounts: { list: '/api/v1/accounts', item: '/api/v1/accounts/{id}' },
  'accreditation-applications': {
    list: '/api/v1/accreditation-applications',
    item: '/api/v1/accreditation-applications/{id}',
  },
  'audit-events': { list: '/api/v1/audit-events' },
  'cpd/activities': { list: '/api/v1/cpd/activities', item: '/api/v1/cpd/activities/{id}' },
  'cpd/audit-rounds': { list: '/api/v1/cpd/audit-rounds', whole: true },
  'cpd-categories': { list: '/api/v1/council/cpd-categories', whole: true },
  'cpd/providers': { list: '/api/v1/cpd/providers', item: '/api/v1/cpd/providers/{id}', whole: true },
  'cpd/records': { list: '/api/v1/cpd/records', item: '/api/v1/cpd/records/{id}' },
  'discipline/cases': { list: '/api/v1/discipline/cases', item: '/api/v1/discipline/cases/{id}' },
  'employer/notifications': { list: '/api/v1/employer/notifications' },
  'employers/organisations': {
    list: '/api/v1/employers/organisations',
    item: '/api/v1/employers/organisations/{id}',
  },
  graduates: { list: '/api/v1/graduates' },
  institutions: { list: '/api/v1/institutions', item: '/api/v1/institutions/{id}' },
  invoices: { list: '/api/v1/invoices', item: '/api/v1/invoices/{id}' },
  'job-runs': { list: '/api/v1/job-runs' },
  'licence-applications': { list: '/api/v1/licence-applications', item: '/api/v1/licence-applications/{id}' },
  licences: { list: '/api/v1/licences', item: '/api/v1/licences/{id}' },
  'mra/lookups': { list: '/api/v1/mra/lookups' },
  'mra/peers': { list: '/api/v1/mra/peers', item: '/api/v1/mra/peers/{id}', whole: true },
  outbox: { list: '/api/v1/outbox' },
  programmes: { list: '/api/v1/programmes', item: '/api/v1/programmes/{id}' },
  registrants: { list: '/api/v1/registrants', item: '/api/v1/registrants/{id}' },
  renewals: { list: '/api/v1/renewals' },
  tiers: { list: '/api/v1/council/tiers', item: '/api/v1/council/tiers/{id}', whole: true },
};

function routeOf(resource: string): Route {
  const route = Object.hasOwn(RESOURCES, resource) ? RESOURCES[resource] : undefined;
  if (!route)
    throw new Error(`No API path is known for the resource "${resource}": add it to RESOURCES in dataProvider.ts`);
  return route;
}

type RoutePath = Route['list'] | NonNullable<Route['item']>;
/** What the provider sends: the id of one row, the query of a page (as text), a JSON body. */
type LooseInit = {
  params?: { path?: { id: string }; query?: Record<string, string> };
  body?: Record<string, unknown>;
};

/**
 * The one widening. openapi-fetch types a call from one literal path: its parameters, its body and
 * its answer. Here the path is one of the table's, chosen at run time (a union), and the queries and
 * bodies come untyped from react-admin's filters and forms, so openapi-fetch cannot type the call.
 * `send` is `registry.request` (same session, refresh and language) seen as taking any of the
 * table's paths with a loose init, and answering what that path declares for the method (`Json`).
 * The paths themselves are checked against the API above; the server validates what is sent.
 */
const send = registry.request as <M extends Method, P extends RoutePath>(
  method: M,
  url: P,
  init?: LooseInit,
) => Promise<{ data?: Json<paths[P][M]>; error?: unknown; response: Response }>;

/**
 * Rows need an `id` for react-admin: audit events use their sequence number, job runs their job and
 * slot. The row is JSON from the API; the record type is what the calling page declares it to be
 * (react-admin's data provider contract), so this is the one place that says so.
 */
const withId = <R extends RaRecord>(resource: string, row: Row): R => {
  if (row.id === undefined && resource === 'audit-events') return { ...row, id: row.seq } as R;
  if (row.id === undefined && resource === 'job-runs')
    return { ...row, id: `${String(row.job)}|${String(row.slot)}` } as R;
  return row as R;
};

function toHttpError(e: unknown): never {
  if (e instanceof ApiError) {
    const p = e.problem;
    const message = p?.type?.endsWith(':version-conflict')
      ? translateNow(
          'swr.screen.versionConflict',
          'Someone else changed this record since you opened it. Reload it and apply your change again.',
        )
      : (p?.detail ?? e.message);
    const errors = Object.fromEntries((p?.errors ?? []).map((f) => [f.field, f.message]));
    throw new HttpError(message, e.status, { errors });
  }
  throw e;
}

/** All the rows of a list, or one page of them (the query is sent only to a list that declares one). */
async function rowsOf(route: Route, query: Record<string, string>): Promise<{ items: Row[]; total: number }> {
  const res = await (
    route.whole ? answer(send('get', route.list)) : answer(send('get', route.list, { params: { query } }))
  ).catch(toHttpError);
  const items: Row[] = res.items;
  return { items, total: res.total };
}

/** The item path of a row, or a clear refusal when the API has none for this resource. */
function itemOf(resource: string, route: Route): NonNullable<Route['item']> {
  if (!route.item) throw new HttpError(`The API has no path for one ${resource} record`, 405);
  return route.item;
}

export const dataProvider: DataProvider = {
  async getList<RecordType extends RaRecord>(resource: string, params: GetListParams) {
    const route = routeOf(resource);
    const query: Record<string, string> = {};
    const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
    query.page = String(page);
    query.perPage = String(Math.min(perPage, 100));
    if (params.sort?.field && params.sort.field !== 'id') {
      query.sort = params.sort.field;
      query.order = params.sort.order === 'DESC' ? 'desc' : 'asc';
    }
    for (const [k, v] of Object.entries(params.filter ?? {}))
      if (v !== undefined && v !== '' && v !== null) query[k] = String(v);
    const res = await rowsOf(route, query);
    return { data: res.items.map((r) => withId<RecordType>(resource, r)), total: res.total };
  },
  async getOne<RecordType extends RaRecord>(resource: string, params: GetOneParams<RecordType>) {
    const route = routeOf(resource);
    if (route.whole) {
      const row = (await rowsOf(route, {})).items.find((r) => String(r.id) === String(params.id));
      if (!row) throw new HttpError('Not found', 404);
      return { data: withId<RecordType>(resource, row) };
    }
    const row: Row = await answer(
      send('get', itemOf(resource, route), { params: { path: { id: String(params.id) } } }),
    ).catch(toHttpError);
    return { data: withId<RecordType>(resource, row) };
  },
  async getMany(resource, params) {
    const data = await Promise.all(params.ids.map((id) => this.getOne(resource, { id }).then((r) => r.data)));
    return { data };
  },
  async getManyReference(resource, params) {
    return this.getList(resource, { ...params, filter: { ...params.filter, [params.target]: params.id } });
  },
  async create<
    RecordType extends Omit<RaRecord, 'id'>,
    ResultRecordType extends RaRecord = RecordType & { id: Identifier },
  >(resource: string, params: CreateParams<RecordType>) {
    const row: Row = await answer(send('post', routeOf(resource).list, { body: params.data })).catch(toHttpError);
    return { data: withId<ResultRecordType>(resource, row) };
  },
  async update<RecordType extends RaRecord>(resource: string, params: UpdateParams<RecordType>) {
    const item = itemOf(resource, routeOf(resource));
    const changed: Record<string, unknown> = {};
    const previous: Row = params.previousData ?? {};
    for (const [k, v] of Object.entries(params.data)) {
      if (JSON.stringify(v) !== JSON.stringify(previous[k])) changed[k] = v;
    }
    changed.version = previous.version;
    const row: Row = await answer(
      send('patch', item, { params: { path: { id: String(params.id) } }, body: changed }),
    ).catch(toHttpError);
    return { data: withId<RecordType>(resource, row) };
  },
  async updateMany() {
    throw new HttpError('Changing several records at once is not supported', 405);
  },
  async delete() {
    throw new HttpError('Records are never deleted; change their status instead', 405);
  },
  async deleteMany() {
    throw new HttpError('Records are never deleted; change their status instead', 405);
  },
};
