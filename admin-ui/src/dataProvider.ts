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
import { api, ApiError } from './api';

/** Resource name → collection path. */
const PATHS: Record<string, string> = {
  tiers: '/api/v1/council/tiers',
  'cpd-categories': '/api/v1/council/cpd-categories',
};
const pathOf = (resource: string) => PATHS[resource] ?? `/api/v1/${resource}`;

/** A row as the API sends it: a JSON object, usually with an `id`. */
type Row = { id?: Identifier; [field: string]: unknown };

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
      ? 'Someone else changed this record since you opened it. Reload it and apply your change again.'
      : (p?.detail ?? e.message);
    const errors = Object.fromEntries((p?.errors ?? []).map((f) => [f.field, f.message]));
    throw new HttpError(message, e.status, { errors });
  }
  throw e;
}

const call = <T>(method: string, path: string, body?: unknown) => api<T>(method, path, body).catch(toHttpError);

export const dataProvider: DataProvider = {
  async getList<RecordType extends RaRecord>(resource: string, params: GetListParams) {
    const q = new URLSearchParams();
    const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
    q.set('page', String(page));
    q.set('perPage', String(Math.min(perPage, 100)));
    if (params.sort?.field && params.sort.field !== 'id') {
      q.set('sort', params.sort.field);
      q.set('order', params.sort.order === 'DESC' ? 'desc' : 'asc');
    }
    for (const [k, v] of Object.entries(params.filter ?? {}))
      if (v !== undefined && v !== '' && v !== null) q.set(k, String(v));
    const isFixed = resource in PATHS;
    const res = await call<{ items: Row[]; total: number }>(
      'GET',
      isFixed ? pathOf(resource) : `${pathOf(resource)}?${q}`,
    );
    return { data: res.items.map((r) => withId<RecordType>(resource, r)), total: res.total };
  },
  async getOne<RecordType extends RaRecord>(resource: string, params: GetOneParams<RecordType>) {
    if (resource in PATHS) {
      const res = await call<{ items: Row[] }>('GET', pathOf(resource));
      const row = res.items.find((r) => String(r.id) === String(params.id));
      if (!row) throw new HttpError('Not found', 404);
      return { data: withId<RecordType>(resource, row) };
    }
    return {
      data: withId<RecordType>(
        resource,
        await call<Row>('GET', `${pathOf(resource)}/${encodeURIComponent(String(params.id))}`),
      ),
    };
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
    return { data: withId<ResultRecordType>(resource, await call<Row>('POST', pathOf(resource), params.data)) };
  },
  async update<RecordType extends RaRecord>(resource: string, params: UpdateParams<RecordType>) {
    const changed: Record<string, unknown> = {};
    const previous: Row = params.previousData ?? {};
    for (const [k, v] of Object.entries(params.data)) {
      if (JSON.stringify(v) !== JSON.stringify(previous[k])) changed[k] = v;
    }
    changed.version = previous.version;
    return {
      data: withId<RecordType>(
        resource,
        await call<Row>('PATCH', `${pathOf(resource)}/${encodeURIComponent(String(params.id))}`, changed),
      ),
    };
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
