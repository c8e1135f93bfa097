/** The tenant's own pages: start page, legal texts, Leichte Sprache. */
import type { Translate } from '../../../core/i18n/i18n.ts';
import type { Tenant } from '../../../core/tenancy/tenants.ts';
import { Paragraphs } from '../../../core/ui/components.tsx';

export interface Tile {
  title: string;
  text: string;
  href: string;
}


export function StartPage({ t, tenant, tiles }: { t: Translate; tenant: Tenant; tiles: Tile[] }): JSX.Element {
  const c = tenant.contact;
  return (
    <>
      <h1 class="kern-heading-x-large" safe>
        {t('site.start.heading')}
      </h1>
      <p class="kern-body kern-body--large" safe>
        {t('site.start.lead', { tenant: tenant.name })}
      </p>
      <section aria-labelledby="start-services">
        <h2 class="kern-heading-medium" id="start-services" safe>
          {t('site.start.services')}
        </h2>
        <ul class="rathaus-tiles">
          {tiles.map((tile) => (
            <li class="rathaus-tile">
              <h3 class="kern-heading-small">
                <a class="kern-link" href={tile.href} safe>
                  {tile.title}
                </a>
              </h3>
              <p class="kern-body" safe>
                {tile.text}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="start-easy" class="rathaus-easy-teaser" lang="de">
        <h2 class="kern-heading-medium" id="start-easy" safe>
          {t('site.start.easy.heading')}
        </h2>
        <p class="kern-body" safe>
          {t('site.start.easy.text')}
        </p>
        <p class="kern-body">
          <a class="kern-link" href="/leichte-sprache" safe>
            {t('site.start.easy.link')}
          </a>
        </p>
      </section>
      <section aria-labelledby="start-contact">
        <h2 class="kern-heading-medium" id="start-contact" safe>
          {t('site.start.contact')}
        </h2>
        <dl class="kern-description-list">
          {c.address ? <ContactRow label={t('site.start.address')} value={c.address} /> : ''}
          {c.phone ? <ContactRow label={t('site.start.phone')} value={c.phone} /> : ''}
          {c.email ? <ContactRow label={t('site.start.email')} value={c.email} /> : ''}
          {c.openingHours ? <ContactRow label={t('site.start.openingHours')} value={c.openingHours} /> : ''}
        </dl>
      </section>
    </>
  );
}

function ContactRow({ label, value }: { label: string; value: string }): JSX.Element {
  return (
    <div class="kern-description-list-item">
      <dt class="kern-description-list-item__key" safe>
        {label}
      </dt>
      <dd class="kern-description-list-item__value" safe>
        {value}
      </dd>
    </div>
  );
}

export function TextPage({ title, text, extra }: { title: string; text: string; extra: JSX.Element }): JSX.Element {
  return (
    <>
      <h1 class="kern-heading-large" safe>
        {title}
      </h1>
      {/* The legal texts are maintained in German only. */}
      <div lang="de">
        <Paragraphs text={text} />
      </div>
      {extra}
    </>
  );
}

/**
 * Leichte Sprache (BITV 2.0 § 4): what this site offers, how to navigate it,
 * and the accessibility information. German only, by its nature.
 */
export function EasyReadPage({ tenant }: { tenant: Tenant }): JSX.Element {
  return (
    <div lang="de" class="rathaus-easy-read">
      <h1 class="kern-heading-large">Leichte Sprache</h1>
      <h2 class="kern-heading-medium">Das ist die Internet-Seite vom Rathaus</h2>
      <p class="kern-body" safe>
        {`Diese Internet-Seite ist von der ${tenant.name}.`}
      </p>
      <p class="kern-body">Das Rathaus ist ein Amt. Das Rathaus hilft Menschen in der Stadt.</p>
      <h2 class="kern-heading-medium">Was können Sie hier machen?</h2>
      <ul class="kern-list">
        <li>Sie können dem Rathaus eine Nachricht schreiben. Dafür gibt es das Kontakt-Formular.</li>
        <li>Sie bekommen dann eine E-Mail. In der E-Mail steht eine Nummer. Mit der Nummer finden wir Ihre Nachricht schnell.</li>
        <li>In der E-Mail ist auch ein Link. Mit dem Link sehen Sie: So weit sind wir mit Ihrer Sache.</li>
      </ul>
      <h2 class="kern-heading-medium">So finden Sie sich auf der Seite zurecht</h2>
      <ul class="kern-list">
        <li>Oben auf jeder Seite ist das Menü. Dort finden Sie die wichtigsten Seiten.</li>
        <li>Unten auf jeder Seite sind weitere Links. Zum Beispiel zum Impressum und zum Daten-Schutz.</li>
        <li>Sie können die Seite auch nur mit der Tastatur benutzen. Mit der Tab-Taste springen Sie von Link zu Link.</li>
      </ul>
      <h2 class="kern-heading-medium">Barriere-Freiheit</h2>
      <p class="kern-body">Wir wollen, dass alle Menschen diese Seite gut benutzen können. Auch Menschen mit Behinderung.</p>
      <p class="kern-body">
        Manchmal klappt etwas nicht gut. Das nennt man Barriere. Dann sagen Sie uns bitte Bescheid. Dafür gibt es das Formular{' '}
        <a class="kern-link" href="/barriere-melden">
          Barriere melden
        </a>
        .
      </p>
      <h2 class="kern-heading-medium">So erreichen Sie uns</h2>
      {tenant.contact.phone ? <p class="kern-body" safe>{`Sie können uns anrufen. Die Telefon-Nummer ist: ${tenant.contact.phone}`}</p> : ''}
      {tenant.contact.address ? <p class="kern-body" safe>{`Sie können auch vorbei-kommen. Die Adresse ist: ${tenant.contact.address}`}</p> : ''}
    </div>
  );
}
