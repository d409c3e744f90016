import type { ReactNode, Ref } from 'react';
import {
  Button as AriaButton,
  type ButtonProps,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';

/** A button with the console's look; `variant` only changes its colours. */
export function Button({
  variant = 'primary',
  className,
  ...props
}: ButtonProps & { variant?: 'primary' | 'secondary' | 'danger' }) {
  return <AriaButton {...props} className={`btn btn-${variant} ${className ?? ''}`} />;
}

interface FieldProps {
  label: string;
  name?: string;
  value: string;
  onChange: (v: string) => void;
  /** The reason a service (or the form's own check) gave for this field. */
  error?: string;
  hint?: string;
  isRequired?: boolean;
  type?: 'text' | 'email' | 'tel' | 'search' | 'number' | 'datetime-local';
  multiline?: boolean;
  autoFocus?: boolean;
  /** The input itself, for a form library that moves the focus to the first field at fault. */
  inputRef?: Ref<HTMLInputElement & HTMLTextAreaElement>;
}

/** A labelled text field whose error is announced with it (aria-describedby, aria-invalid). */
export function Field({
  label,
  error,
  hint,
  multiline,
  type = 'text',
  autoFocus,
  inputRef,
  ...rest
}: FieldProps) {
  return (
    <TextField
      {...rest}
      type={type}
      className="field"
      isInvalid={!!error}
      validationBehavior="aria"
      autoFocus={autoFocus}
    >
      <Label>
        {label}
        {rest.isRequired ? <span aria-hidden="true"> *</span> : null}
      </Label>
      {multiline ? <TextArea rows={4} ref={inputRef} /> : <Input ref={inputRef} />}
      {hint ? <Text slot="description">{hint}</Text> : null}
      <FieldError className="field-error">{error}</FieldError>
    </TextField>
  );
}

export interface Choice {
  id: string;
  label: string;
}

/** A labelled single choice (React Aria's Select: a button and a listbox, both by keyboard). */
export function Choose({
  label,
  choices,
  value,
  onChange,
  error,
  isRequired,
  placeholder,
}: {
  label: string;
  choices: Choice[];
  value: string | null;
  onChange: (v: string) => void;
  error?: string;
  isRequired?: boolean;
  placeholder?: string;
}) {
  return (
    <Select
      className="field"
      selectedKey={value}
      onSelectionChange={(k) => k !== null && onChange(String(k))}
      isInvalid={!!error}
      isRequired={isRequired}
      validationBehavior="aria"
      placeholder={placeholder}
    >
      <Label>
        {label}
        {isRequired ? <span aria-hidden="true"> *</span> : null}
      </Label>
      <AriaButton className="select-button">
        <SelectValue />
        <span aria-hidden="true"> ▾</span>
      </AriaButton>
      <FieldError className="field-error">{error}</FieldError>
      <Popover className="popover">
        <ListBox className="listbox">
          {choices.map((c) => (
            <ListBoxItem key={c.id} id={c.id} className="listbox-item" textValue={c.label}>
              {c.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}

/** A titled region of a screen. */
export function Panel({ title, children, level = 2 }: { title: string; children: ReactNode; level?: 2 | 3 }) {
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <section className="panel" aria-label={title}>
      <H>{title}</H>
      {children}
    </section>
  );
}
