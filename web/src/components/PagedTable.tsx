/** A paged Relay connection as the list pages show it: error (with retry), loading, empty state, table, pager. */
import type { ReactNode } from 'react';
import type { AnyVariables, UseQueryResponse } from 'urql';
import type { Connection } from '../graphql/types';
import { Pager, type Paging } from './Pager';
import { ErrorMessage, Loading } from './status';

export interface PagedTableProps<D, T> {
  /** what useQuery returned */
  query: UseQueryResponse<D, AnyVariables>;
  /** the connection in the query's data */
  connection: (data: D) => Connection<T>;
  paging: Paging;
  /** shown when the connection has no edges */
  empty: ReactNode;
  columns: string[];
  caption: string;
  /** one `<tr key=…>` for a node */
  row: (node: T) => ReactNode;
}

export function PagedTable<D, T>({ query: [{ data, fetching, error }, refetch], connection: select, paging, empty, columns, caption, row }: PagedTableProps<D, T>) {
  const connection = data && select(data);
  return (
    <>
      {error && <ErrorMessage error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />}
      {!connection && fetching && <Loading />}
      {connection && connection.edges.length === 0 && empty}
      {connection && connection.edges.length > 0 && (
        <>
          <div className="table-wrap" aria-busy={fetching}>
            <table>
              <caption className="visually-hidden">{caption}</caption>
              <thead>
                <tr>
                  {columns.map((column, i) => (
                    <th key={i} scope="col">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>{connection.edges.map(({ node }) => row(node))}</tbody>
            </table>
          </div>
          <Pager paging={paging} pageInfo={connection.pageInfo} totalCount={connection.totalCount} busy={fetching} />
        </>
      )}
    </>
  );
}
