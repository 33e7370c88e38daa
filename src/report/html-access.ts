import type { AccessList, StoreAccess } from '../engine/access-ledger.js';
import { escapeHtml as h } from '../util/html-escape.js';

/** What the access section shows: the kept stores, and how many more there were. */
export interface AccessView {
  readonly stores: readonly StoreAccess[];
  readonly omitted: number;
}

function list(l: AccessList): string {
  const outside = l.external > 0 ? ` <strong>(${l.external} outside the account)</strong>` : '';
  if (l.count === 0) return '0';
  const more = l.count > l.chains.length ? `<li>… and ${l.count - l.chains.length} more</li>` : '';
  return `${l.count}${outside}<details><summary>how</summary><ul>${l.chains.map((c) => `<li><code>${h(c)}</code></li>`).join('')}${more}</ul></details>`;
}

function row(s: StoreAccess): string {
  const note = s.incomplete === undefined ? '' : `<br><small>may miss principals: ${h(s.incomplete)}</small>`;
  return `<tr><td>${h(s.name)}<br><small>${h(s.arn)}</small>${note}</td><td>${h(s.resourceType)}</td><td>${list(s.readers)}</td><td>${list(s.decrypters)}</td></tr>`;
}

/** The "who can read / who can decrypt" section of report.html: one row per data store the access rules asked about. */
export function accessSection(view: AccessView): string {
  if (view.stores.length === 0) return '';
  const omitted = view.omitted > 0 ? ` ${view.omitted} more stores with fewer principals are left out.` : '';
  return (
    `<section id="access"><h2>Who can read / who can decrypt</h2>` +
    `<p>Principals that can read each data store (data and key) and that can decrypt with its key, with the roles and statements that let them.${omitted}</p>` +
    `<table><thead><tr><th>Data store</th><th>Type</th><th>Can read</th><th>Can decrypt</th></tr></thead><tbody>${view.stores.map(row).join('')}</tbody></table></section>`
  );
}
