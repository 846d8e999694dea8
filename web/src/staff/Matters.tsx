import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, errorMessage } from '../ui/api';
import { useApi, useLast } from '../ui/use-api';
import { Empty, ErrorNote, Field, Spinner, Toggle } from '../ui/widgets';

export function Matters() {
  const [q, setQ] = useState('');
  const found = useApi('GET /matters', { query: { limit: 100, q: q || undefined } });
  // While a new search loads, the last results stay (typing does not flash the list away).
  const data = useLast(found.data);
  const { error, loading } = found;
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [number, setNumber] = useState('');
  const [restricted, setRestricted] = useState(false);
  const [createError, setCreateError] = useState<string>();

  async function create(e: FormEvent) {
    e.preventDefault();
    setCreateError(undefined);
    try {
      const matter = await api('POST /matters', {
        body: { title, ...(number ? { number } : {}), restricted },
      });
      navigate(`/matters/${matter.id}`);
    } catch (err) {
      setCreateError(errorMessage(err));
    }
  }

  return (
    <main>
      <h1>Matters</h1>
      <form className="card" onSubmit={create} aria-label="New matter">
        <h2 style={{ marginTop: 0 }}>New matter</h2>
        <div className="row">
          <Field label="Title" value={title} onChange={setTitle} required />
          <Field label="Number" value={number} onChange={setNumber} />
          <div className="field" style={{ flex: '0 0 auto' }}>
            <Toggle label="Restricted" checked={restricted} onChange={setRestricted} />
          </div>
          <div className="field" style={{ flex: '0 0 auto' }}>
            <button type="submit">Create matter</button>
          </div>
        </div>
        <ErrorNote message={createError} />
      </form>
      <section className="card" aria-label="Matter list">
        <Field label="Search matters" type="search" value={q} onChange={setQ} />
        <ErrorNote message={error} />
        {loading && !data ? <Spinner /> : null}
        {data && data.items.length === 0 ? <Empty>No matters yet.</Empty> : null}
        <ul className="list">
          {data?.items.map((m) => (
            <li key={m.id}>
              <Link to={`/matters/${m.id}`}>{m.title}</Link>
              {m.number && <span className="tag">{m.number}</span>}
              {m.restricted && <span className="tag">Restricted</span>}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
