import type { Household, Person } from '../api.js';
import {
  cardStatusLabel,
  formatDate,
  relationLabel,
  residenceKindLabel,
  sexLabel,
  statusLabel,
} from '../format.js';
import { Link } from '../router.js';
import { useUnitName } from '../units.js';

type Residence = NonNullable<Person['permanentResidence']>;
/** A place as text: the free-text part, then the unit's name (its code until the name loads). */
function PlaceText({ place }: { place: { unitCode: string; text?: string } | undefined }) {
  const unit = useUnitName(place?.unitCode);
  if (!place) return <>—</>;
  return <>{[place.text, unit ?? place.unitCode].filter(Boolean).join(', ')}</>;
}
const PersonLink = ({ pid }: { pid?: string | undefined }) =>
  pid ? (
    <Link href={`/persons/${pid}`} className="mono">
      {pid}
    </Link>
  ) : (
    <>—</>
  );

/** Names, dates, places, relatives. */
export function DetailsSection({ person }: { person: Person }) {
  const rows: [string, React.ReactNode][] = [
    ['Họ', person.familyName],
    ['Chữ đệm', person.middleName || '—'],
    ['Tên', person.givenName],
    ['Giới tính', sexLabel(person.sex)],
    ['Ngày sinh', formatDate(person.dateOfBirth)],
    ['Nơi sinh', <PlaceText key="pob" place={person.placeOfBirth} />],
    ['Quê quán', <PlaceText key="ht" place={person.homeTown} />],
    ['Dân tộc', person.ethnicity],
    ['Quốc tịch', person.nationality === 'VN' ? 'Việt Nam' : person.nationality],
    ['Tình trạng', statusLabel(person.status)],
  ];
  if (person.dateOfDeath) rows.push(['Ngày mất', formatDate(person.dateOfDeath)]);
  rows.push(['Số CMND cũ', person.oldIds.length ? person.oldIds.join(', ') : '—']);
  rows.push(['Cha', <PersonLink key="f" pid={person.fatherPid} />]);
  rows.push(['Mẹ', <PersonLink key="m" pid={person.motherPid} />]);
  rows.push(['Vợ/chồng', <PersonLink key="s" pid={person.spousePid} />]);
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">Thông tin cá nhân</h2>
      <dl className="dl">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function ResidenceBlock({ kind, r }: { kind: 'permanent' | 'temporary'; r: Residence | undefined }) {
  return (
    <div className="residence" data-testid={`residence-${kind}`}>
      <h3>{residenceKindLabel(kind)}</h3>
      {r ? (
        <>
          <p className="addr">{[r.addressLine, r.unitName ?? r.unitCode].filter(Boolean).join(', ')}</p>
          <p className="muted small">
            Từ {formatDate(r.since)}
            {r.until ? ` đến ${formatDate(r.until)}` : ''}
            {r.relationToHead ? ` · Quan hệ với chủ hộ: ${relationLabel(r.relationToHead)}` : ''}
            {r.householdId ? ` · Mã hộ: ${r.householdId}` : ''}
          </p>
        </>
      ) : (
        <p className="muted">Chưa đăng ký</p>
      )}
    </div>
  );
}

/** Current permanent and temporary residence. */
export function ResidenceSection({ person }: { person: Person }) {
  return (
    <section className="card" aria-labelledby="res-title">
      <h2 id="res-title">Nơi cư trú hiện tại</h2>
      <ResidenceBlock kind="permanent" r={person.permanentResidence} />
      <ResidenceBlock kind="temporary" r={person.temporaryResidence} />
    </section>
  );
}

/** Chip ID cards with status badges. */
export function CardsSection({ person }: { person: Person }) {
  return (
    <section className="card" aria-labelledby="cards-title">
      <h2 id="cards-title">Thẻ căn cước</h2>
      {person.cards.length === 0 ? (
        <p className="muted">Chưa được cấp thẻ.</p>
      ) : (
        <ul className="cards">
          {person.cards.map((c) => (
            <li key={c.number}>
              <span className="mono">{c.number}</span>
              <span className={`badge ${c.status === 'valid' ? 'badge-ok' : 'badge-muted'}`}>
                {cardStatusLabel(c.status)}
              </span>
              <span className="muted small">
                Cấp {formatDate(c.issuedOn)} ·{' '}
                {c.expiresOn ? `Hết hạn ${formatDate(c.expiresOn)}` : 'Không thời hạn'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The household the person belongs to, members linked. */
export function HouseholdSection({ household, pid }: { household: Household | null; pid: string }) {
  return (
    <section className="card" aria-labelledby="hh-title">
      <h2 id="hh-title">Hộ gia đình</h2>
      {!household ? (
        <p className="muted">Không thuộc hộ gia đình nào.</p>
      ) : (
        <>
          <p className="muted small">
            Mã hộ <span className="mono">{household.id}</span> ·{' '}
            {[household.addressLine, household.unitName ?? household.unitCode].filter(Boolean).join(', ')}
          </p>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Họ và tên</th>
                  <th scope="col">Quan hệ với chủ hộ</th>
                  <th scope="col">Giới tính</th>
                  <th scope="col">Ngày sinh</th>
                  <th scope="col">Từ ngày</th>
                </tr>
              </thead>
              <tbody>
                {household.members.map((m) => (
                  <tr key={m.pid} aria-current={m.pid === pid ? 'true' : undefined}>
                    <td data-label="Họ và tên">
                      {m.pid === pid ? (
                        <strong>{m.fullName}</strong>
                      ) : (
                        <Link href={`/persons/${m.pid}`}>{m.fullName}</Link>
                      )}
                    </td>
                    <td data-label="Quan hệ">{relationLabel(m.relationToHead)}</td>
                    <td data-label="Giới tính">{sexLabel(m.sex)}</td>
                    <td data-label="Ngày sinh">{formatDate(m.dateOfBirth)}</td>
                    <td data-label="Từ ngày">{formatDate(m.since)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
