import type { ReactNode } from 'react';

export interface CheckItem {
  id: string;
  label: ReactNode;
  /** Shown after the checkbox's label, outside it (e.g. an inline "add mobile" form). */
  extra?: ReactNode;
}

/** A fieldset of checkboxes choosing a set of ids (recipients, staff, parties). */
export function CheckList(props: {
  legend: string;
  items: CheckItem[];
  chosen: Set<string>;
  onChange: (next: Set<string>) => void;
}) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <ul className="checklist">
        {props.items.map((item) => (
          <li key={item.id}>
            <label>
              <input
                type="checkbox"
                checked={props.chosen.has(item.id)}
                onChange={(e) => {
                  const next = new Set(props.chosen);
                  if (e.target.checked) next.add(item.id);
                  else next.delete(item.id);
                  props.onChange(next);
                }}
              />
              {item.label}
            </label>
            {item.extra}
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
