// Walks every page of a Security Center list API (CurrentPage/PageSize), with a page cap so a runaway total cannot loop forever.
import type { AliyunClient, Product } from './client.js';

export interface PageWalk {
  product: Product;
  action: string;
  params: Record<string, string | number | boolean | undefined>;
  region: string;
  /** Key of the array in each page (`VulRecords`, `Propertys`…); with several, the first present is used. */
  listKey: string | readonly string[];
  pageSize: number;
  /** Stop after this many pages even if TotalCount says there are more. */
  maxPages: number;
}

export interface PagedResult<T> {
  items: T[];
  /** TotalCount as the API reported it (top level, or under PageInfo). */
  totalCount?: number;
  pages: number;
  /** True when maxPages stopped the walk before TotalCount was reached. */
  truncated: boolean;
  /** The raw page bodies, in order. */
  raw: Array<Record<string, unknown>>;
}

function totalOf(body: Record<string, unknown>): number | undefined {
  const pageInfo = body.PageInfo as Record<string, unknown> | undefined;
  const total = body.TotalCount ?? pageInfo?.TotalCount;
  const n = typeof total === 'string' ? Number(total) : total;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

export async function walkPages<T>(client: AliyunClient, walk: PageWalk): Promise<PagedResult<T>> {
  const items: T[] = [];
  const raw: Array<Record<string, unknown>> = [];
  let totalCount: number | undefined;
  let page = 1;
  for (; page <= walk.maxPages; page++) {
    const body = await client.call(walk.product, walk.action, { ...walk.params, PageSize: walk.pageSize, CurrentPage: page }, walk.region);
    raw.push(body);
    const keys = typeof walk.listKey === 'string' ? [walk.listKey] : walk.listKey;
    const list = body[keys.find((k) => Array.isArray(body[k])) ?? ''];
    const pageItems = Array.isArray(list) ? (list as T[]) : [];
    items.push(...pageItems);
    totalCount = totalOf(body) ?? totalCount;
    if (pageItems.length < walk.pageSize) return { items, totalCount, pages: page, truncated: false, raw };
    if (totalCount !== undefined && items.length >= totalCount) return { items, totalCount, pages: page, truncated: false, raw };
  }
  return { items, totalCount, pages: page - 1, truncated: true, raw };
}
