import { WELCOME_TEXT_MAX } from '@parley/contracts/brand';
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { api, errorMessage } from '../../ui/api';
import type { FirmSettings } from '../../ui/api-types';
import { useApi } from '../../ui/use-api';
import { ErrorNote, Field, PagePending, Toggle } from '../../ui/widgets';
import { useStaffSession } from '../session';
import { BrandColorField, brandColorOk } from './BrandColorField';
import { LogoField } from './LogoField';

interface Draft {
  name: string;
  brandColor: string;
  welcomeText: string;
  timeZone: string;
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
}

const draftOf = (f: FirmSettings): Draft => ({
  name: f.name,
  brandColor: f.brandColor,
  welcomeText: f.welcomeText ?? '',
  timeZone: f.timeZone,
  quiet: f.quietHours !== null,
  quietStart: f.quietHours?.start ?? '20:00',
  quietEnd: f.quietHours?.end ?? '08:00',
});

/**
 * Firm settings (admins, `GET`/`PATCH /firm`, the logo routes): what clients see of the firm (name,
 * logo, brand colour, the portal's welcome text) and when the firm works (time zone, quiet hours, used
 * by notifications and requests). Saving refreshes the session, so the top bar shows the change.
 */
export function FirmSettingsPage() {
  const { me, refresh } = useStaffSession();
  const firm = useApi(me?.role === 'admin' ? 'GET /firm' : null);
  const [draft, setDraft] = useState<Draft>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const zoneId = useId();
  const welcomeId = useId();
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);

  useEffect(() => {
    if (firm.data) setDraft(draftOf(firm.data));
  }, [firm.data]);

  if (me?.role !== 'admin')
    return (
      <main>
        <h1>Firm settings</h1>
        <p>Only an admin of your firm can change its settings.</p>
      </main>
    );
  if (!firm.data || !draft) return <PagePending error={firm.error} />;

  const set = (change: Partial<Draft>) => {
    setSaved(false);
    setDraft({ ...draft, ...change });
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    setError(undefined);
    setSaving(true);
    try {
      const next = await api('PATCH /firm', {
        body: {
          name: draft.name,
          brandColor: draft.brandColor,
          welcomeText: draft.welcomeText.trim() === '' ? null : draft.welcomeText,
          timeZone: draft.timeZone,
          quietHours: draft.quiet ? { start: draft.quietStart, end: draft.quietEnd } : null,
        },
      });
      firm.setData(next);
      setSaved(true);
      await refresh();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  const logoChanged = async () => {
    firm.reload();
    await refresh();
  };

  return (
    <main>
      <h1>Firm settings</h1>
      <form className="card settings" onSubmit={save} aria-label="Firm settings">
        <h2>What clients see</h2>
        <Field label="Firm name" value={draft.name} onChange={(name) => set({ name })} required />
        <LogoField
          firmName={firm.data.name}
          logoUrl={firm.data.logoUrl}
          onChange={() => void logoChanged()}
        />
        <BrandColorField value={draft.brandColor} onChange={(brandColor) => set({ brandColor })} />
        <div className="field">
          <label htmlFor={welcomeId}>Welcome text in the client portal</label>
          <textarea
            id={welcomeId}
            value={draft.welcomeText}
            maxLength={WELCOME_TEXT_MAX}
            rows={4}
            aria-describedby={`${welcomeId}-hint`}
            onChange={(e) => set({ welcomeText: e.target.value })}
          />
          <p id={`${welcomeId}-hint`} className="muted">
            Shown to clients when they sign in. Leave it empty for none. {draft.welcomeText.length} of{' '}
            {WELCOME_TEXT_MAX} characters.
          </p>
        </div>
        <h2>When the firm works</h2>
        <div className="field">
          <label htmlFor={zoneId}>Time zone</label>
          <select id={zoneId} value={draft.timeZone} onChange={(e) => set({ timeZone: e.target.value })}>
            {(zones.includes(draft.timeZone) ? zones : [draft.timeZone, ...zones]).map((z) => (
              <option key={z} value={z}>
                {z.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        <Toggle
          label="Quiet hours: reminders and notification emails wait until they end"
          checked={draft.quiet}
          onChange={(quiet) => set({ quiet })}
        />
        {draft.quiet && (
          <div className="row">
            <Field
              label="Quiet from"
              type="time"
              value={draft.quietStart}
              onChange={(quietStart) => set({ quietStart })}
              required
            />
            <Field
              label="Quiet until"
              type="time"
              value={draft.quietEnd}
              onChange={(quietEnd) => set({ quietEnd })}
              required
            />
          </div>
        )}
        <p className="muted">Times are in the firm’s time zone, {draft.timeZone.replaceAll('_', ' ')}.</p>
        <ErrorNote message={error} />
        <div className="toolbar">
          <button type="submit" disabled={saving || !brandColorOk(draft.brandColor)}>
            Save settings
          </button>
          {saved && (
            <span role="status" className="ok">
              Saved.
            </span>
          )}
        </div>
      </form>
    </main>
  );
}
