import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { useBulletin, useGroup } from './hooks.ts';
import { BulletinView } from './BulletinView.tsx';

/** One bulletin on its own page: what is printed (print CSS hides the app frame). */
export default function BulletinPage() {
  const { t } = useTranslation('linkage');
  const errorText = useErrorText();
  const id = Number(useParams().id);
  const bulletin = useBulletin(id);
  const group = useGroup(bulletin.data?.groupId);
  if (bulletin.error) return <ErrorState status="error" title={errorText(bulletin.error)} />;
  if (!bulletin.data) return <Loading label={t('bulletin.title')} />;
  return (
    <Card>
      <BulletinView bulletin={bulletin.data} mySide={group.data?.mySide ?? null} />
    </Card>
  );
}
