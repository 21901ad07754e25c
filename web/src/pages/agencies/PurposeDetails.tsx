import type { PurposeView } from './exchange-api.js';
import { fieldLabel, operationLabel } from './labels.js';

/** A purpose as an operator checks it before granting: legal basis, document, operations, fields. */
export function PurposeDetails({ purpose, code }: { purpose: PurposeView | undefined; code: string }) {
  if (!purpose) return <code>{code}</code>;
  return (
    <div className="purpose" data-testid={`purpose-${code}`}>
      <strong>{purpose.titleVi}</strong> <code className="small muted">{code}</code>
      <dl className="dl dl-compact">
        <div>
          <dt>Căn cứ pháp lý</dt>
          <dd>{purpose.legalBasis}</dd>
        </div>
        <div>
          <dt>Số văn bản</dt>
          <dd>{purpose.documentNumber}</dd>
        </div>
        <div>
          <dt>Thao tác</dt>
          <dd>{purpose.operations.map(operationLabel).join(', ')}</dd>
        </div>
        <div>
          <dt>Trường dữ liệu</dt>
          <dd>{purpose.fields.length ? purpose.fields.map(fieldLabel).join(', ') : '—'}</dd>
        </div>
      </dl>
    </div>
  );
}
