import { useCallback, useEffect, useState } from 'react';
import {
  ApiError,
  api,
  canWrite,
  confirmationUrl,
  type Household,
  type Operator,
  type Person,
  type PersonEvent,
  versionOf,
} from '../api.js';
import { ProblemBanner } from '../components/ProblemBanner.js';
import { Link, useTitle } from '../router.js';
import { CardsSection, DetailsSection, HouseholdSection, ResidenceSection } from './PersonSections.js';
import { ResidenceForm } from './ResidenceForm.js';
import { Timeline } from './Timeline.js';

interface Loaded {
  person: Person;
  version: number;
  events: PersonEvent[];
  household: Household | null;
}

/**
 * Hồ sơ công dân: details, ID cards, residence, relatives, household and the history of
 * events; the change-of-residence form opens in place and sends the version it was shown.
 */
export function PersonPage(props: { pid: string; operator: Operator }) {
  const [data, setData] = useState<Loaded>();
  const [error, setError] = useState<unknown>();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string>();
  useTitle(data ? data.person.fullName : 'Hồ sơ công dân');

  const load = useCallback(async () => {
    try {
      const [p, h, hh] = await Promise.all([
        api.person(props.pid),
        api.history(props.pid),
        api.household(props.pid).then(
          (r) => r.data,
          (e) => {
            if (e instanceof ApiError && e.status === 404) return null;
            throw e;
          },
        ),
      ]);
      const version = versionOf(p.headers.get('etag')) ?? p.data.version;
      setData({ person: p.data, version, events: h.data.events, household: hh });
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, [props.pid]);

  useEffect(() => {
    load();
  }, [load]);

  if (error && !data) return <ProblemBanner error={error} />;
  if (!data) return <p className="muted">Đang tải hồ sơ…</p>;
  const { person } = data;

  return (
    <article aria-labelledby="person-title" className="person">
      <nav className="crumbs" aria-label="Vị trí">
        <Link href="/">Tra cứu</Link> <span aria-hidden="true">›</span> <span>Hồ sơ công dân</span>
      </nav>
      <div className="page-head">
        <div>
          <h1 id="person-title">{person.fullName}</h1>
          <p className="pid-line">
            Số định danh cá nhân:{' '}
            <strong className="mono" data-testid="pid">
              {person.pid}
            </strong>
            {person.status === 'deceased' ? <span className="badge badge-muted">Đã mất</span> : null}
          </p>
        </div>
        <div className="actions">
          {canWrite(props.operator) && person.status === 'alive' ? (
            <button
              type="button"
              className="btn btn-primary"
              aria-expanded={editing}
              aria-controls="residence-form"
              onClick={() => setEditing(!editing)}
            >
              Thay đổi cư trú
            </button>
          ) : null}
          <a className="btn" href={confirmationUrl(person.pid)} target="_blank" rel="noreferrer">
            In xác nhận cư trú
          </a>
        </div>
      </div>

      {notice ? (
        <div className="banner banner-ok" role="status">
          {notice}
        </div>
      ) : null}
      <ProblemBanner error={error} />

      {editing ? (
        <ResidenceForm
          person={person}
          version={data.version}
          onDone={async (msg) => {
            await load();
            setEditing(false);
            setNotice(msg);
          }}
          onStale={load}
          onCancel={() => setEditing(false)}
        />
      ) : null}

      <div className="grid-2">
        <DetailsSection person={person} />
        <div className="stack">
          <ResidenceSection person={person} />
          <CardsSection person={person} />
        </div>
      </div>
      <HouseholdSection household={data.household} pid={person.pid} />
      <Timeline events={data.events} />
    </article>
  );
}
