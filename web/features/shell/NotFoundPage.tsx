import { Link } from 'react-router';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState.tsx';

export default function NotFoundPage() {
  const { t } = useTranslation('shell');
  return (
    <ErrorState
      status={404}
      title={t('notFound.title')}
      description={t('notFound.description')}
      actions={
        <Link to="/">
          <Button type="primary">{t('notFound.home')}</Button>
        </Link>
      }
    />
  );
}
