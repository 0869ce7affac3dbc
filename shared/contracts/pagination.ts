/** The order of a sorted list. */
export type SortDirection = 'asc' | 'desc';

/** The `pagination` block of every paged admin answer (Strapi's own shape). */
export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface Paged<T> {
  results: T[];
  pagination: Pagination;
}
