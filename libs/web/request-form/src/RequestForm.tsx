import { useState } from 'react';
import { Controller, useForm, useWatch, type FieldPath, type UseFormReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import {
  Checkbox,
  CheckboxGroup,
  FieldError as AriaFieldError,
  Form,
  Label,
  Radio,
  RadioGroup,
  Text,
} from 'react-aria-components';
import type {
  Channel,
  FieldError,
  ServiceAttribute,
  ServiceDefinition,
  SubmitRequestBody,
} from '@city/contracts';
import { ApiError, Button, Choose, ErrorNotice, Field, localized } from '@city/web-kit';
import {
  checkRequest,
  emptyValues,
  formFieldOf,
  toRequestBody,
  type RequestFormValues,
} from './request-body';
import { reasonText } from './reasons';
import { WORLD, type MapCentre, type MapTiles } from './map-settings';
import { LocationMap } from './LocationMap';

const UPDATE_CHANNELS = ['email', 'sms', 'phone', 'post', 'web'] as const;
const LANGUAGES = ['en', 'nl', 'sv'] as const;

export interface RequestFormProps {
  service: ServiceDefinition;
  channel: Channel;
  /** The city's country, for phone numbers written without +. */
  defaultCountry: string;
  initial?: Partial<RequestFormValues>;
  submitLabel: string;
  /** Sends the body; a refusal (ApiError) is shown at its fields and the form keeps what was typed. */
  onSubmit: (body: SubmitRequestBody) => Promise<void>;
  /**
   * The city's tile server: with it the place can also be marked on a map; without it the form
   * asks for the address or the coordinates only.
   */
  mapTiles?: MapTiles;
  /** Where the map opens (the whole world when not given). */
  mapCentre?: MapCentre;
}

/**
 * A request form built from the catalogue's definition of a service: its attributes with their
 * types, required marks, allowed values, limits and hints, then the place and the contact. The same
 * form serves the agent, the clerk and (issue 12) the citizen, and it runs the gateway's own rules.
 */
export function RequestForm({
  service,
  channel,
  defaultCountry,
  initial,
  submitLabel,
  onSubmit,
  mapTiles,
  mapCentre,
}: RequestFormProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [refusal, setRefusal] = useState<unknown>(null);
  const form = useForm<RequestFormValues>({
    defaultValues: emptyValues(initial),
    // The resolver is the gateway's rule book: the schema of the body and the service's definition.
    resolver: (values) => {
      const errors = checkRequest(service, toRequestBody(service, values), channel, defaultCountry);
      return errors.length === 0
        ? { values, errors: {} }
        : { values: {}, errors: toFormErrors(errors, (r) => reasonText(t, r)) };
    },
  });
  const error = (name: FieldPath<RequestFormValues>) => {
    const parts = name.split('.');
    let e: unknown = form.formState.errors;
    for (const p of parts) e = (e as Record<string, unknown> | undefined)?.[p];
    return (e as { message?: string } | undefined)?.message;
  };

  /** A text field of the form, tied to its value and to the reason it was refused. */
  const text = (
    name:
      | 'description'
      | 'address'
      | 'lat'
      | 'long'
      | 'firstName'
      | 'lastName'
      | 'email'
      | 'phone'
      | 'contactAddress',
    label: string,
    more: { multiline?: boolean; type?: 'email' | 'tel'; hint?: string; isRequired?: boolean } = {},
  ) => (
    <Controller
      control={form.control}
      name={name}
      render={({ field }) => (
        <Field
          label={label}
          value={field.value}
          onChange={field.onChange}
          error={error(name)}
          inputRef={field.ref}
          {...more}
        />
      )}
    />
  );

  const submit = form.handleSubmit(async (values) => {
    setRefusal(null);
    try {
      await onSubmit(toRequestBody(service, values));
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        for (const f of e.fields) {
          const name = formFieldOf(f.field);
          if (name) form.setError(name as FieldPath<RequestFormValues>, { message: reasonText(t, f.reason) });
        }
      }
      setRefusal(e);
    }
  });

  const attributes = [...service.attributes].sort((a, b) => a.order - b.order);
  return (
    <Form className="request-form" onSubmit={(e) => void submit(e)} validationBehavior="aria">
      <p className="form-note">{t('requestForm.requiredNote')}</p>
      <fieldset>
        <legend>{t('requestForm.about', { service: localized(service.name, lang) })}</legend>
        <p className="hint">{localized(service.sla.promise, lang)}</p>
        {attributes.map((a) => (
          <AttributeField
            key={a.code}
            attribute={a}
            language={lang}
            control={form.control}
            error={error(`attributes.${a.code}`)}
          />
        ))}
        {text('description', t('requestForm.description'), { multiline: true })}
      </fieldset>
      <fieldset>
        <legend>{t('requestForm.where')}</legend>
        {text('address', t('requestForm.address'), {
          isRequired: service.locationRequired,
          hint: t('requestForm.addressHint'),
        })}
        <div className="row">
          {text('lat', t('requestForm.lat'))}
          {text('long', t('requestForm.long'))}
        </div>
        {/* Only with the city's tile server (Leaflet is fetched then); otherwise as it always was. */}
        {mapTiles ? <PlaceOnMap form={form} tiles={mapTiles} centre={mapCentre ?? WORLD} /> : null}
      </fieldset>
      <fieldset>
        <legend>{t('requestForm.who')}</legend>
        <div className="row">
          {text('firstName', t('requestForm.firstName'))}
          {text('lastName', t('requestForm.lastName'))}
        </div>
        <div className="row">
          {text('email', t('requestForm.email'), { type: 'email' })}
          {text('phone', t('requestForm.phone'), { type: 'tel' })}
        </div>
        {text('contactAddress', t('requestForm.postalAddress'))}
        <div className="row">
          <Controller
            control={form.control}
            name="preferredChannel"
            render={({ field }) => (
              <Choose
                label={t('requestForm.updatesBy')}
                value={field.value || null}
                onChange={field.onChange}
                error={error('preferredChannel')}
                placeholder={t('requestForm.updatesByDefault')}
                choices={UPDATE_CHANNELS.map((c) => ({ id: c, label: t(`requestForm.channels.${c}`) }))}
              />
            )}
          />
          <Controller
            control={form.control}
            name="language"
            render={({ field }) => (
              <Choose
                label={t('requestForm.language')}
                value={field.value || null}
                onChange={field.onChange}
                error={error('language')}
                placeholder={t('requestForm.languageDefault')}
                choices={LANGUAGES.map((l) => ({ id: l, label: t(`requestForm.languages.${l}`) }))}
              />
            )}
          />
        </div>
      </fieldset>
      {form.formState.submitCount > 0 &&
      !form.formState.isSubmitting &&
      Object.keys(form.formState.errors).length > 0 ? (
        <p role="alert" className="notice notice-error">
          {t('requestForm.fixFields')}
        </p>
      ) : null}
      {form.formState.errors.root?.message ? (
        <p role="alert" className="notice notice-error">
          {form.formState.errors.root.message}
        </p>
      ) : null}
      <ErrorNotice error={refusal} />
      <Button type="submit" isDisabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? t('requestForm.sending') : submitLabel}
      </Button>
    </Form>
  );
}

/** The map, tied to the coordinate fields: it fills them, and follows what is typed in them. */
function PlaceOnMap({
  form,
  tiles,
  centre,
}: {
  form: UseFormReturn<RequestFormValues>;
  tiles: MapTiles;
  centre: MapCentre;
}) {
  const [lat, long] = useWatch({ control: form.control, name: ['lat', 'long'] });
  return (
    <LocationMap
      tiles={tiles}
      centre={centre}
      lat={lat}
      long={long}
      onPlace={(la, lo) => {
        form.setValue('lat', la, { shouldDirty: true });
        form.setValue('long', lo, { shouldDirty: true });
        // Once the form has been sent, checked again: a place given mends "give an address".
        if (form.formState.isSubmitted) void form.trigger(['address', 'lat', 'long']);
      }}
    />
  );
}

/**
 * A group of radio buttons or checkboxes as the form library sees it: "focusing" the group focuses
 * its first input, so a refused form takes the keyboard to the first answer at fault.
 */
const focusFirstInput = (ref: (el: { focus: () => void } | null) => void) => (el: HTMLDivElement | null) =>
  ref(el ? { focus: () => el.querySelector('input')?.focus() } : null);

function toFormErrors(errors: FieldError[], say: (reason: string) => string) {
  const out: Record<string, unknown> = {};
  for (const e of errors) {
    const name = formFieldOf(e.field) ?? 'root';
    const message = say(e.reason);
    if (name === 'root') {
      // A fault no field shows (the service, the body as a whole): said above the button.
      const root = out.root as { message: string } | undefined;
      out.root = { type: 'rule', message: root ? `${root.message} ${message}` : message };
    } else if (name.startsWith('attributes.')) {
      const attrs = (out.attributes ??= {}) as Record<string, unknown>;
      attrs[name.slice('attributes.'.length)] = { type: 'rule', message };
    } else if (!out[name]) out[name] = { type: 'rule', message };
  }
  return out as never;
}

function AttributeField({
  attribute: a,
  language,
  control,
  error,
}: {
  attribute: ServiceAttribute;
  language: string;
  control: ReturnType<typeof useForm<RequestFormValues>>['control'];
  error?: string;
}) {
  const { t } = useTranslation();
  const label = localized(a.description, language);
  const hint = localized(a.datatypeDescription, language) || undefined;
  const values = (a.values ?? []).map((v) => ({ id: v.key, label: localized(v.name, language) }));
  return (
    <Controller
      control={control}
      name={`attributes.${a.code}`}
      render={({ field }) => {
        switch (a.datatype) {
          case 'singlevaluelist':
            return values.length <= 6 ? (
              <RadioGroup
                className="field choice-group"
                ref={focusFirstInput(field.ref)}
                value={(field.value as string) || null}
                onChange={field.onChange}
                isRequired={a.required}
                isInvalid={!!error}
                validationBehavior="aria"
              >
                <Label>
                  {label}
                  {a.required ? <span aria-hidden="true"> *</span> : null}
                </Label>
                {hint ? <Text slot="description">{hint}</Text> : null}
                {values.map((v) => (
                  <Radio key={v.id} value={v.id} className="choice">
                    {v.label}
                  </Radio>
                ))}
                <AriaFieldError className="field-error">{error}</AriaFieldError>
              </RadioGroup>
            ) : (
              <Choose
                label={label}
                choices={values}
                value={(field.value as string) || null}
                onChange={field.onChange}
                isRequired={a.required}
                error={error}
                placeholder={t('requestForm.choose')}
              />
            );
          case 'multivaluelist':
            return (
              <CheckboxGroup
                className="field choice-group"
                ref={focusFirstInput(field.ref)}
                value={(field.value as string[]) ?? []}
                onChange={field.onChange}
                isRequired={a.required}
                isInvalid={!!error}
                validationBehavior="aria"
              >
                <Label>
                  {label}
                  {a.required ? <span aria-hidden="true"> *</span> : null}
                </Label>
                {hint ? <Text slot="description">{hint}</Text> : null}
                {values.map((v) => (
                  <Checkbox key={v.id} value={v.id} className="choice">
                    {v.label}
                  </Checkbox>
                ))}
                <AriaFieldError className="field-error">{error}</AriaFieldError>
              </CheckboxGroup>
            );
          default:
            return (
              <Field
                label={label}
                hint={hint}
                isRequired={a.required}
                multiline={a.datatype === 'text'}
                type="text"
                value={(field.value as string) ?? ''}
                onChange={field.onChange}
                error={error}
                inputRef={field.ref}
              />
            );
        }
      }}
    />
  );
}
