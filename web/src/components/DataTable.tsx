import { Table } from "@digdir/designsystemet-react";
import type { ReactNode } from "react";

export interface Column<R> {
  key: string;
  header: ReactNode;
  cell: (row: R) => ReactNode;
  /** Numbers align right so digits line up. */
  numeric?: boolean;
  /** The cell that names the row is a row header for screen readers. */
  rowHeader?: boolean;
}

/** A plain, accessible table: a caption, column headers, and row headers where a column names the row. */
export function DataTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  captionHidden,
}: {
  caption: ReactNode;
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  captionHidden?: boolean;
}) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={typeof caption === "string" ? caption : undefined}>
      <Table data-size="sm" zebra>
        <caption className={captionHidden ? "visually-hidden" : "table-caption"}>{caption}</caption>
        <Table.Head>
          <Table.Row>
            {columns.map((c) => (
              <Table.HeaderCell key={c.key} scope="col" className={c.numeric ? "num" : undefined}>
                {c.header}
              </Table.HeaderCell>
            ))}
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {rows.map((r) => (
            <Table.Row key={rowKey(r)}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <Table.HeaderCell key={c.key} scope="row">
                    {c.cell(r)}
                  </Table.HeaderCell>
                ) : (
                  <Table.Cell key={c.key} className={c.numeric ? "num" : undefined}>
                    {c.cell(r)}
                  </Table.Cell>
                ),
              )}
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </div>
  );
}
