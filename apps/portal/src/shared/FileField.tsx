import { useId } from 'react';
import { ACCEPTED_FILES, MAX_FILES } from './files';

export { ACCEPTED_FILES, MAX_FILES };

/** A size limit in whole megabytes (MiB, as the case-service counts it), for a hint. */
export const megabytes = (bytes: number) => Math.max(1, Math.round(bytes / (1024 * 1024)));

/**
 * Files to send with a request or a reply (photos, documents): a labelled file input with its hint
 * and the service's reason when it refused one, and the files chosen, by name and size. At most
 * MAX_FILES are kept. Give it a new `key` to clear it after sending.
 */
export function FileField({
  label,
  hint,
  error,
  files,
  onChange,
}: {
  label: string;
  hint: string;
  error?: string;
  files: File[];
  onChange: (files: File[]) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        multiple
        accept={ACCEPTED_FILES}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(Array.from(e.target.files ?? []).slice(0, MAX_FILES))}
      />
      <span id={`${id}-hint`} className="hint">
        {hint}
      </span>
      {error ? (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      ) : null}
      {files.length > 0 ? (
        <ul className="plain">
          {files.map((f) => (
            <li key={f.name}>
              {f.name} ({Math.ceil(f.size / 1024)} kB)
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
