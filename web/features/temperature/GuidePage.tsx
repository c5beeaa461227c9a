import { Link } from 'react-router';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { GuideDiagrams } from './GuideDiagrams.tsx';
import { useGuide } from './hooks.ts';
import { SelfCheckList } from './SelfCheckList.tsx';

/**
 * The measuring guide (测温指南) for residents, phone first: the standard, the method in the
 * rulebook's own numbers with two drawings, and the self-check list to go through before a
 * complaint. Plain text in a single column, so large-text mode only makes it longer.
 */
export default function GuidePage() {
  const { t, i18n } = useTranslation('temperature');
  const guide = useGuide();
  const errorText = useErrorText();
  if (guide.isPending) return <Loading label={t('guide.title')} />;
  if (guide.error) return <ErrorState status="error" title={errorText(guide.error)} actions={<Button onClick={() => void guide.refetch()}>{t('retry')}</Button>} />;
  const g = guide.data;
  return (
    <div style={{ maxWidth: 720, marginInline: 'auto' }}>
      <PageHeader title={t('guide.title')} subtitle={t('guide.subtitle', { city: i18n.language.startsWith('en') ? g.cityName.en : g.cityName.zh })} />
      <Alert type="info" showIcon title={t('guide.standard', { c: g.standardC })} style={{ marginBottom: 12, fontSize: '1.1em' }} />
      <GuideDiagrams guide={g} />
      <Card title={t('guide.method')} style={{ marginTop: 12 }}>
        <ol style={{ margin: 0, paddingInlineStart: '1.4em', lineHeight: 1.9 }}>
          <li>{t('guide.step1', { minutes: g.stabilityMinutes })}</li>
          <li>{t('guide.step2', { height: g.heightM })}</li>
          <li>{t('guide.step3', { outer: g.outerWallMinM, inner: g.innerWallMinM })}</li>
          <li>{t('guide.step4', { minutes: g.stabilityMinutes, delta: g.stabilityDeltaC })}</li>
          <li>{t('guide.step5', { n: g.readingsPerPoint, interval: g.readingIntervalMinutes })}</li>
          <li>{t('guide.step6', { area: g.largeRoomM2, large: g.pointsLargeRoom, small: g.pointsSmallRoom })}</li>
        </ol>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('guide.selfHeight', { low: g.selfCheckHeightM[0], high: g.selfCheckHeightM[1] })}
        </Typography.Paragraph>
      </Card>
      <Card title={t('guide.selfCheckTitle')} style={{ marginTop: 12 }}>
        <SelfCheckList />
      </Card>
      <Typography.Paragraph style={{ marginTop: 12 }}>{t('guide.official', { hours: g.measureWithinHours })}</Typography.Paragraph>
      <Flex justify="center" style={{ marginBottom: 24 }}>
        <Link to="/temperature/report">
          <Button type="primary" size="large">{t('guide.record')}</Button>
        </Link>
      </Flex>
    </div>
  );
}
