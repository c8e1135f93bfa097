/**
 * The pages of the report journey: pure functions from data to HTML. Every
 * step is a plain form (POST with CSRF), so the journey works without
 * JavaScript; report-journey.js only adds the map, "use my position",
 * the location from a photo and the character count.
 */
import { escapeHtml } from '@kitajs/html';
import { jsonAttribute } from '../../../../core/antibot/widget.tsx';
import { formatDate, type Locale, type Translate } from '../../../../core/i18n/i18n.ts';
import {
  Button,
  ButtonGroup,
  ButtonLink,
  Checkbox,
  CheckboxGroup,
  CsrfField,
  DateInput,
  ErrorSummary,
  FieldErrorMessage,
  fieldId,
  InsetText,
  Panel,
  RadioGroup,
  Select,
  StatusTag,
  SummaryList,
  TextInput,
  Textarea,
  WarningText,
  type FieldError,
  type SummaryRow,
} from '../../../../core/ui/components.tsx';
import { STATE_TONE, stateLabelKey } from '../../model/states.ts';
import type { Category, PublicReport } from '../../reports.service.ts';
import type { CategoryAttribute } from '../../schema.ts';
import { MAP_ASSETS } from '../map.tsx';

export const JOURNEY = '/maengelmelder/melden';

const errorFor = (errors: readonly FieldError[], field: string): { error: string } | Record<string, never> => {
  const message = errors.find((e) => e.field === field)?.message;
  return message ? { error: message } : {};
};

/** The journey's own stylesheet and script (counter, position, photo location), for `head`. */
export function journeyAssets(): JSX.Element {
  return (
    <>
      <link rel="stylesheet" href={`${MAP_ASSETS}/report-journey.css`} />
      <script defer src={`${MAP_ASSETS}/report-journey.js`}></script>
    </>
  );
}

function BackLink({ t, href }: { t: Translate; href: string }): JSX.Element {
  return (
    <p class="rathaus-back">
      <a class="kern-link" href={href}>
        <span class="kern-icon kern-icon--arrow-back" aria-hidden="true"></span>
        <span safe>{t('reports.journey.back')}</span>
      </a>
    </p>
  );
}

/** Hidden field that sends the citizen back to the check page after "Ändern". */
function ReturnField({ check }: { check: boolean }): JSX.Element {
  return check ? <input type="hidden" name="pruefen" value="1" /> : '';
}

function ContinueButton({ t, check }: { t: Translate; check: boolean }): JSX.Element {
  return <Button label={check ? t('reports.journey.saveAndCheck') : t('reports.journey.continue')} />;
}

// ---------------------------------------------------------------- 1. category

export function CategoryPage(props: { t: Translate; locale: Locale; csrfToken: string; categories: readonly Category[]; value?: string; errors: readonly FieldError[]; check: boolean }): JSX.Element {
  const { t, locale } = props;
  const groups = [...new Set(props.categories.map((c) => c.group))];
  const error = errorFor(props.errors, 'kategorie').error;
  const id = fieldId('kategorie');
  let index = 0;
  return (
    <>
      <ErrorSummary t={t} errors={props.errors} />
      <WarningText t={t}>
        <span safe>{t('reports.journey.emergency')}</span>
      </WarningText>
      <form method="post" action={JOURNEY} novalidate>
        <CsrfField token={props.csrfToken} />
        <ReturnField check={props.check} />
        <fieldset class={['kern-fieldset', error && 'kern-fieldset--error']} aria-describedby={[`${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ')}>
            <legend class="kern-label">
              <h1 class="kern-heading-large" safe>
                {t('reports.journey.category.title')}
              </h1>
            </legend>
            <div class="kern-hint" id={`${id}-hint`} safe>
              {t('reports.journey.category.hint')}
            </div>
            <FieldErrorMessage t={t} id={`${id}-error`} error={error} />
            {groups.map((group) => (
              <div class="rathaus-category-group">
                <h2 class="kern-heading-small" safe>
                  {group}
                </h2>
                <div class="kern-fieldset__body">
                  {props.categories
                    .filter((c) => c.group === group)
                    .map((c) => {
                      const inputId = index++ === 0 ? id : `${id}-${c.code}`;
                      return (
                        <div class="kern-form-check">
                          <input class={['kern-form-check__radio', error && 'kern-form-check__radio--error']} id={inputId} name="kategorie" type="radio" value={c.id} checked={c.id === props.value} aria-describedby={`${inputId}-hint`} />
                          <label class="kern-label" for={inputId} safe>
                            {c.name[locale]}
                          </label>
                          <div class="kern-hint" id={`${inputId}-hint`} safe>
                            {c.description[locale]}
                          </div>
                        </div>
                      );
                    })}
                </div>
              </div>
            ))}
        </fieldset>
        <ContinueButton t={t} check={props.check} />
      </form>
    </>
  );
}

// ---------------------------------------------------------------- 2. location

export interface LocationValues {
  address: string;
  lat: string;
  lng: string;
}

export function LocationPage(props: { t: Translate; csrfToken: string; values: LocationValues; errors: readonly FieldError[]; check: boolean; backHref: string; map: JSX.Element }): JSX.Element {
  const { t, values } = props;
  const pointText = values.lat !== '' && values.lng !== '' ? t('reports.journey.location.pointSet', { lat: values.lat, lng: values.lng }) : '';
  // The map and the photo reader are the script's; the address field alone always works.
  const safeMap = props.map;
  return (
    <>
      <BackLink t={t} href={props.backHref} />
      <ErrorSummary t={t} errors={props.errors} />
      <h1 class="kern-heading-large" safe>
        {t('reports.journey.location.title')}
      </h1>
      <p class="kern-body" safe>
        {t('reports.journey.location.lead')}
      </p>
      <form method="post" action={`${JOURNEY}/ort`} novalidate data-report-location data-strings={locationStrings(t)}>
        <CsrfField token={props.csrfToken} />
        <ReturnField check={props.check} />
        <input type="hidden" id="report-lat" name="lat" value={values.lat} />
        <input type="hidden" id="report-lng" name="lng" value={values.lng} />
        {safeMap}
        <div class="rathaus-report-position" hidden data-use-position>
          <button class="kern-btn kern-btn--secondary" type="button">
            <span class="kern-label" safe>
              {t('reports.map.usePosition')}
            </span>
          </button>
        </div>
        <p class="kern-body rathaus-report-point" id="report-point" aria-live="polite" safe>
          {pointText}
        </p>
        <TextInput
          t={t}
          name="adresse"
          label={t('reports.journey.location.address')}
          hint={t('reports.journey.location.addressHint')}
          value={values.address}
          autocomplete="street-address"
          {...errorFor(props.errors, 'adresse')}
        />
        <PhotoLocation t={t} />
        <ContinueButton t={t} check={props.check} />
      </form>
    </>
  );
}

/** What report-journey.js says on the location step. */
function locationStrings(t: Translate): string {
  return jsonAttribute({
    pointSet: t('reports.journey.location.pointSet'),
    cleared: t('reports.map.cleared'),
    outside: t('reports.map.outside'),
    locating: t('reports.map.locating'),
    located: t('reports.map.located'),
    noPosition: t('reports.map.noPosition'),
    found: t('reports.journey.location.photoFound'),
    none: t('reports.journey.location.photoNone'),
    used: t('reports.journey.location.photoUsed'),
  });
}

/**
 * Reading the place from a photo's EXIF data, in the browser only: the file
 * input has no name, so the photo never leaves with this form. Hidden until
 * the script runs.
 */
function PhotoLocation({ t }: { t: Translate }): JSX.Element {
  const id = 'report-photo-location';
  return (
    <div class="rathaus-photo-location" hidden data-photo-location>
      <h2 class="kern-heading-small" safe>
        {t('reports.journey.location.photoTitle')}
      </h2>
      <div class="kern-form-input">
        <label class="kern-label" for={id} safe>
          {t('reports.journey.location.photoInput')}
        </label>
        <div class="kern-hint" id={`${id}-hint`} safe>
          {t('reports.journey.location.photoHint')}
        </div>
        <input class="kern-form-input__input" id={id} type="file" accept="image/jpeg" aria-describedby={`${id}-hint`} />
      </div>
      <p class="kern-body" aria-live="polite" data-photo-location-status></p>
      <p hidden data-photo-location-consent>
        <button class="kern-btn kern-btn--secondary" type="button">
          <span class="kern-label" safe>
            {t('reports.journey.location.photoUse')}
          </span>
        </button>
      </p>
    </div>
  );
}

// ---------------------------------------------------------------- 3. "Ist es dieses?"

export function DuplicatesPage(props: { t: Translate; locale: Locale; reports: readonly (PublicReport & { distance: number })[]; continueHref: string; backHref: string }): JSX.Element {
  const { t, locale } = props;
  return (
    <>
      <BackLink t={t} href={props.backHref} />
      <h1 class="kern-heading-large" safe>
        {t('reports.journey.duplicates.title')}
      </h1>
      <p class="kern-body" safe>
        {t('reports.journey.duplicates.lead')}
      </p>
      <ul class="rathaus-duplicates">
        {props.reports.map((r) => {
          const photo = r.photos[0];
          return (
            <li class="rathaus-duplicate">
              {photo ? <img class="rathaus-duplicate__photo" src={`/maengelmelder/foto/${photo.id}`} width={String(photo.width)} height={String(photo.height)} alt={t('reports.journey.duplicates.photo', { reference: r.reference })} loading="lazy" /> : ''}
              <div class="rathaus-duplicate__body">
                <h2 class="kern-heading-small">
                  <a class="kern-link" href={`/maengelmelder/meldung/${r.reference}`} safe>
                    {r.categoryName[locale]}
                  </a>
                </h2>
                <p class="kern-body">
                  <StatusTag label={t(stateLabelKey(r.state))} tone={STATE_TONE[r.state]} />
                </p>
                <p class="kern-body" safe>
                  {r.address || t('reports.journey.duplicates.distance', { metres: String(Math.round(r.distance)) })}
                </p>
                <p class="kern-body kern-body--small" safe>
                  {`${t('reports.journey.duplicates.reported', { date: formatDate(r.requestedAt, locale, 'date') })} · ${r.reference} · ${t('reports.journey.duplicates.distance', { metres: String(Math.round(r.distance)) })}`}
                </p>
                {r.description ? (
                  <p class="kern-body rathaus-prewrap" safe>
                    {r.description.length > 300 ? `${r.description.slice(0, 300)} …` : r.description}
                  </p>
                ) : (
                  ''
                )}
                <a class="kern-btn kern-btn--secondary" href={`/maengelmelder/meldung/${r.reference}/folgen`}>
                  <span class="kern-label">
                    {escapeHtml(t('reports.journey.duplicates.follow'))}
                    <span class="kern-sr-only" safe>
                      {t('reports.journey.duplicates.followHidden', { reference: r.reference })}
                    </span>
                  </span>
                </a>
              </div>
            </li>
          );
        })}
      </ul>
      <ButtonGroup>
        <ButtonLink href={props.continueHref} variant="primary" label={t('reports.journey.duplicates.other')} />
      </ButtonGroup>
    </>
  );
}

// ---------------------------------------------------------------- 4. description and questions

export const attributeField = (code: string): string => `attr-${code}`;

function AttributeQuestion({ t, locale, attribute, value, errors }: { t: Translate; locale: Locale; attribute: CategoryAttribute; value: string | string[] | undefined; errors: readonly FieldError[] }): JSX.Element {
  const name = attributeField(attribute.code);
  const common = {
    t,
    name,
    label: attribute.description[locale] + (attribute.required ? '' : ` ${t('reports.journey.optional')}`),
    ...(attribute.hint ? { hint: attribute.hint[locale] } : {}),
    ...errorFor(errors, name),
  };
  const single = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  const options = (attribute.values ?? []).map((v) => ({ value: v.key, label: v.name[locale] }));
  switch (attribute.datatype) {
    case 'string':
      return <TextInput {...common} value={single} maxlength={200} />;
    case 'text':
      return <Textarea {...common} value={single} rows={4} />;
    case 'number':
      return <TextInput {...common} value={single} inputmode="decimal" width="width-4" />;
    case 'datetime':
      return <DateInput {...common} value={single.slice(0, 10)} />;
    case 'singlevaluelist':
      return options.length > 6 ? <Select {...common} value={single} options={options} /> : <RadioGroup {...common} value={single} options={options} />;
    case 'multivaluelist':
      return <CheckboxGroup {...common} values={Array.isArray(value) ? value : value ? [value] : []} options={options} />;
  }
}

export function DetailsPage(props: {
  t: Translate;
  locale: Locale;
  csrfToken: string;
  category: Category;
  description: string;
  answers: Record<string, string | string[]>;
  errors: readonly FieldError[];
  check: boolean;
  backHref: string;
  maxLength: number;
}): JSX.Element {
  const { t, locale } = props;
  const descriptionError = errorFor(props.errors, 'beschreibung');
  return (
    <>
      <BackLink t={t} href={props.backHref} />
      <ErrorSummary t={t} errors={props.errors} />
      <h1 class="kern-heading-large" safe>
        {t('reports.journey.details.title')}
      </h1>
      <form method="post" action={`${JOURNEY}/beschreibung`} novalidate>
        <CsrfField token={props.csrfToken} />
        <ReturnField check={props.check} />
        <div class="rathaus-character-count" data-character-count={String(props.maxLength)} data-left={t('reports.journey.details.counterLeft')} data-over={t('reports.journey.details.counterOver')}>
          <Textarea t={t} name="beschreibung" label={t('reports.journey.details.description')} hint={`${t('reports.journey.details.descriptionHint')} ${t('reports.journey.details.counter', { max: String(props.maxLength) })}`} value={props.description} rows={6} spellcheck={true} {...descriptionError} />
        </div>
        {props.category.attributes.length ? (
          <>
            <h2 class="kern-heading-medium" safe>
              {t('reports.journey.details.questions', { category: props.category.name[locale] })}
            </h2>
            {props.category.attributes.map((a) => (
              <AttributeQuestion t={t} locale={locale} attribute={a} value={props.answers[a.code]} errors={props.errors} />
            ))}
          </>
        ) : (
          ''
        )}
        <ContinueButton t={t} check={props.check} />
      </form>
    </>
  );
}

// ---------------------------------------------------------------- 5. photos

export function PhotosPage(props: {
  t: Translate;
  csrfToken: string;
  photos: readonly { position: number }[];
  errors: readonly FieldError[];
  max: number;
  maxMb: number;
  check: boolean;
  backHref: string;
}): JSX.Element {
  const { t } = props;
  const full = props.photos.length >= props.max;
  const id = fieldId('fotos');
  const messages = props.errors.filter((e) => e.field === 'fotos').map((e) => e.message);
  return (
    <>
      <BackLink t={t} href={props.backHref} />
      <ErrorSummary t={t} errors={props.errors} />
      <h1 class="kern-heading-large" safe>
        {t('reports.journey.photos.title')}
      </h1>
      <p class="kern-body" safe>
        {t('reports.journey.photos.lead', { max: String(props.max), mb: String(props.maxMb) })}
      </p>
      <InsetText>
        <p class="kern-body" safe>
          {t('reports.journey.photos.privacy')}
        </p>
      </InsetText>
      <h2 class="kern-heading-medium" safe>
        {t('reports.journey.photos.list')}
      </h2>
      {props.photos.length === 0 ? (
        <p class="kern-body" safe>
          {t('reports.journey.photos.none')}
        </p>
      ) : (
        <ul class="rathaus-photo-list">
          {props.photos.map((p, index) => (
            <li class="rathaus-photo-list__item">
              <img class="rathaus-photo-list__image" src={`${JOURNEY}/fotos/${p.position}`} alt={t('reports.journey.photos.alt', { n: String(index + 1) })} />
              <form method="post" action={`${JOURNEY}/fotos/entfernen`}>
                <CsrfField token={props.csrfToken} />
                <ReturnField check={props.check} />
                <input type="hidden" name="position" value={String(p.position)} />
                <button class="kern-btn kern-btn--tertiary" type="submit">
                  <span class="kern-label">
                    {escapeHtml(t('reports.journey.photos.remove'))}
                    <span class="kern-sr-only" safe>
                      {t('reports.journey.photos.removeHidden', { n: String(index + 1) })}
                    </span>
                  </span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={`${JOURNEY}/fotos`} enctype="multipart/form-data" novalidate>
        <CsrfField token={props.csrfToken} />
        <ReturnField check={props.check} />
        {full ? (
          <InsetText>
            <p class="kern-body" safe>
              {t('reports.journey.photos.full', { max: String(props.max) })}
            </p>
          </InsetText>
        ) : (
          <div class={['kern-form-input', messages.length > 0 && 'kern-form-input--error']}>
            <label class="kern-label" for={id} safe>
              {t('reports.journey.photos.input')}
            </label>
            <div class="kern-hint" id={`${id}-hint`} safe>
              {t('reports.journey.photos.inputHint')}
            </div>
            {messages.map((message, index) => (
              <FieldErrorMessage t={t} id={`${id}-error-${index}`} error={message} />
            ))}
            <input
              class={['kern-form-input__input', messages.length > 0 && 'kern-form-input__input--error']}
              id={id}
              name="fotos"
              type="file"
              accept="image/jpeg,image/png,image/webp"
              multiple
              aria-describedby={[`${id}-hint`, ...messages.map((_, index) => `${id}-error-${index}`)].join(' ')}
              aria-invalid={messages.length > 0 ? 'true' : undefined}
            />
          </div>
        )}
        <ButtonGroup>
          {full ? '' : <Button variant="secondary" name="aktion" value="hochladen" label={t('reports.journey.photos.upload')} />}
          <Button name="aktion" value="weiter" label={props.check ? t('reports.journey.saveAndCheck') : t('reports.journey.continue')} />
        </ButtonGroup>
      </form>
    </>
  );
}

// ---------------------------------------------------------------- 6. contact

export function ContactPage(props: { t: Translate; csrfToken: string; values: { name: string; email: string; privacy: boolean }; errors: readonly FieldError[]; check: boolean; backHref: string }): JSX.Element {
  const { t, values } = props;
  return (
    <>
      <BackLink t={t} href={props.backHref} />
      <ErrorSummary t={t} errors={props.errors} />
      <h1 class="kern-heading-large" safe>
        {t('reports.journey.contact.title')}
      </h1>
      <p class="kern-body" safe>
        {t('reports.journey.contact.lead')}
      </p>
      <form method="post" action={`${JOURNEY}/kontakt`} novalidate>
        <CsrfField token={props.csrfToken} />
        <ReturnField check={props.check} />
        <TextInput t={t} name="name" label={t('reports.journey.contact.name')} value={values.name} autocomplete="name" maxlength={120} {...errorFor(props.errors, 'name')} />
        <TextInput t={t} name="email" type="email" label={t('reports.journey.contact.email')} hint={t('reports.journey.contact.emailHint')} value={values.email} autocomplete="email" spellcheck={false} {...errorFor(props.errors, 'email')} />
        <p class="kern-body">
          <a class="kern-link" href="/datenschutz" safe>
            {t('reports.journey.contact.privacyLink')}
          </a>
        </p>
        <Checkbox t={t} name="datenschutz" value="yes" label={t('reports.journey.contact.privacy')} checked={values.privacy} {...errorFor(props.errors, 'datenschutz')} />
        <ContinueButton t={t} check={props.check} />
      </form>
    </>
  );
}

// ---------------------------------------------------------------- 7. check, sent

/** A problem on the check page links to the step that fixes it (not to a field on this page). */
export interface StepProblem {
  message: string;
  href: string;
}

export function CheckPage(props: { t: Translate; csrfToken: string; reportRows: readonly SummaryRow[]; contactRows: readonly SummaryRow[]; problems: readonly StepProblem[]; review: boolean }): JSX.Element {
  const { t } = props;
  return (
    <>
      <ErrorSummary t={t} errors={props.problems.map((p) => ({ field: 'report', message: t('reports.journey.check.problem', { message: p.message }), href: p.href }))} />
      <h1 class="kern-heading-large" safe>
        {t('reports.journey.check.title')}
      </h1>
      <p class="kern-body" safe>
        {t('reports.journey.check.lead')}
      </p>
      <h2 class="kern-heading-medium" safe>
        {t('reports.journey.check.report')}
      </h2>
      <SummaryList t={t} rows={props.reportRows} />
      <h2 class="kern-heading-medium" safe>
        {t('reports.journey.check.contact')}
      </h2>
      <SummaryList t={t} rows={props.contactRows} />
      <InsetText>
        <p class="kern-body" safe>
          {props.review ? t('reports.journey.check.reviewNote') : t('reports.journey.check.publicNote')}
        </p>
      </InsetText>
      <form method="post" action={`${JOURNEY}/absenden`} novalidate>
        <CsrfField token={props.csrfToken} />
        <Button label={t('reports.journey.check.submit')} />
      </form>
    </>
  );
}

export function SentPage(props: { t: Translate; reference: string; unitName: string; deadlineDays: number; withEmail: boolean; statusHref: string | null; publicHref: string; published: boolean }): JSX.Element {
  const { t } = props;
  return (
    <>
      <Panel title={t('reports.journey.sent.title')} referenceLabel={t('reports.journey.sent.reference')} reference={props.reference} />
      <h2 class="kern-heading-medium" safe>
        {t('reports.journey.sent.next')}
      </h2>
      <p class="kern-body" safe>
        {t('reports.journey.sent.unit', { unit: props.unitName, days: String(props.deadlineDays) })}
      </p>
      {props.withEmail ? (
        <p class="kern-body" safe>
          {t('reports.journey.sent.mail')}
        </p>
      ) : (
        ''
      )}
      {props.statusHref ? (
        <InsetText>
          <p class="kern-body" safe>
            {t('reports.journey.sent.noMail')}
          </p>
          <p class="kern-body">
            <a class="kern-link" href={props.statusHref} safe>
              {t('reports.journey.sent.statusLink', { reference: props.reference })}
            </a>
          </p>
        </InsetText>
      ) : (
        ''
      )}
      <p class="kern-body" safe>
        {props.published ? t('reports.journey.sent.public') : t('reports.journey.sent.pending')}
      </p>
      <p class="kern-body">
        <a class="kern-link" href={props.publicHref} safe>
          {t('reports.journey.sent.publicLink', { reference: props.reference })}
        </a>
      </p>
      <p class="kern-body">
        <a class="kern-link" href={JOURNEY} safe>
          {t('reports.journey.sent.another')}
        </a>
      </p>
    </>
  );
}
