import { HttpError, type DataProvider } from 'react-admin';
import { api, ApiError } from './api';

/** Resource name → collection path. */
const PATHS: Record<string, string> = {
  tiers: '/api/v1/council/tiers',
  'cpd-categories': '/api/v1/council/cpd-categories',
};
const pathOf = (resource: string) => PATHS[resource] ?? `/api/v1/${resource}`;

/** Rows need an `id` for react-admin. */
const withId = (resource: string, row: any) => {
  if (row.id !== undefined) return row;
  if (resource === 'audit-events') return { ...row, id: row.seq };
  if (resource === 'job-runs') return { ...row, id: `${row.job}|${row.slot}` };
  return row;
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
  async getList(resource, params) {
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
    const res = await call<{ items: any[]; total: number }>(
      'GET',
      isFixed ? pathOf(resource) : `${pathOf(resource)}?${q}`,
    );
    return { data: res.items.map((r) => withId(resource, r)), total: res.total };
  },
  async getOne(resource, params) {
    if (resource in PATHS) {
      const res = await call<{ items: any[] }>('GET', pathOf(resource));
      const row = res.items.find((r) => String(r.id) === String(params.id));
      if (!row) throw new HttpError('Not found', 404);
      return { data: row };
    }
    return {
      data: withId(resource, await call('GET', `${pathOf(resource)}/${encodeURIComponent(String(params.id))}`)),
    };
  },
  async getMany(resource, params) {
    const data = await Promise.all(params.ids.map((id) => this.getOne(resource, { id }).then((r) => r.data)));
    return { data };
  },
  async getManyReference(resource, params) {
    return this.getList(resource, { ...params, filter: { ...params.filter, [params.target]: params.id } });
  },
  async create(resource, params) {
    return { data: withId(resource, await call('POST', pathOf(resource), params.data)) };
  },
  async update(resource, params) {
    const changed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params.data)) {
      if (JSON.stringify(v) !== JSON.stringify((params.previousData as any)?.[k])) changed[k] = v;
    }
    changed.version = (params.previousData as any)?.version;
    return {
      data: withId(
        resource,
        await call('PATCH', `${pathOf(resource)}/${encodeURIComponent(String(params.id))}`, changed),
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
