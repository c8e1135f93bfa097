/** Friendly error pages: plain German (or English), what to do next, and the request id for support. */
import type { Translate } from '../../i18n/i18n.ts';

export function ErrorPage(props: { t: Translate; kind: '400' | '403' | '404' | '413' | '429' | '500' | '503' | 'csrf'; requestId: string }): JSX.Element {
  const { t, kind } = props;
  return (
    <div class="rathaus-error-page">
      <h1 class="kern-heading-large" safe>
        {t(`error.${kind}.title`)}
      </h1>
      <p class="kern-body" safe>
        {t(`error.${kind}.body`)}
      </p>
      {kind === '500' ? (
        <p class="kern-body">
          <code safe>{props.requestId}</code>
        </p>
      ) : (
        ''
      )}
      <p class="kern-body">
        <a class="kern-link" href="/" safe>
          {t('error.backHome')}
        </a>
      </p>
    </div>
  );
}
