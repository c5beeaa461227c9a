import { useRouteError } from 'react-router';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState.tsx';

/** A lazy chunk that no longer exists on the server: the app was redeployed under this tab. */
function isStaleChunk(err: unknown): boolean {
  return err instanceof TypeError && /dynamically imported module|Importing a module script failed/i.test(err.message);
}

/**
 * What a route shows when rendering or loading it threw: a calm page with a way out instead of
 * a blank screen. It is the router's errorElement, so it renders without the app frame. (Unknown
 * paths never get here: the catch-all route shows the 404 page inside the frame.)
 */
export default function ErrorPage() {
  const { t } = useTranslation('shell');
  const err = useRouteError();
  console.error(err);
  return (
    <ErrorState
      status={500}
      title={t('crashed.title')}
      description={isStaleChunk(err) ? t('crashed.outdated') : t('crashed.description')}
      actions={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('crashed.reload')}
        </Button>
      }
    />
  );
}
