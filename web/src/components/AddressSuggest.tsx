import { useState } from 'react';
import { api } from '../api.js';

interface Match {
  provinceCode: string;
  communeCode?: string;
  era: string;
  confidence: number;
  rest: string;
  unit: { code: string; fullName: string };
}

/**
 * An address box that asks the API (POST /units/parse) which unit a free-text address
 * names and offers the readings as buttons; choosing one fills the unit and the
 * address line.
 */
export function AddressSuggest(props: { onPick: (unitCode: string, rest: string) => void }) {
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<Match[]>();
  const [busy, setBusy] = useState(false);

  const suggest = async () => {
    if (!text.trim()) return;
    setBusy(true);
    try {
      const { data } = await api.parseAddress(text.trim());
      setMatches(((data.matches ?? []) as Match[]).filter((m) => m.era === '2025').slice(0, 3));
    } catch {
      setMatches([]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="suggest">
      <label htmlFor="address-suggest">Nhập nhanh địa chỉ đầy đủ (không bắt buộc)</label>
      <div className="suggest-row">
        <input
          id="address-suggest"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              suggest();
            }
          }}
          placeholder="Ví dụ: 12 Đội Cấn, phường Ba Đình, Hà Nội"
        />
        <button type="button" className="btn" onClick={suggest} disabled={busy || !text.trim()}>
          Gợi ý đơn vị
        </button>
      </div>
      <div aria-live="polite">
        {matches && matches.length === 0 ? (
          <p className="muted small">Không nhận ra đơn vị hành chính.</p>
        ) : null}
        {matches?.length ? (
          <ul className="suggest-list">
            {matches.map((m) => (
              <li key={m.unit.code}>
                <button
                  type="button"
                  className="btn btn-ghost"
                  onClick={() => {
                    props.onPick(m.communeCode ?? m.provinceCode, m.rest);
                    setMatches(undefined);
                  }}
                >
                  {m.unit.fullName}
                  {m.rest ? ` — ${m.rest}` : ''}
                  <span className="muted small"> ({Math.round(m.confidence * 100)}%)</span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
