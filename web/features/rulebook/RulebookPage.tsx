import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Col, DatePicker, Flex, Row, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { currentLanguage } from '../../i18n.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useCities, useRulebook } from './hooks.ts';
import { OtherCard, SlaCard, TariffCard, TemperatureCard } from './RuleCards.tsx';
import { SeasonCards } from './SeasonCards.tsx';
import { SeasonExtensionDrawer } from './SeasonExtensionDrawer.tsx';
import { VersionEditorDrawer } from './VersionEditorDrawer.tsx';
import { VersionHistory } from './VersionHistory.tsx';

/** The default city of the product (the shipped Zhengzhou rulebook). */
const DEFAULT_CITY = 'zhengzhou';

/**
 * A city's rulebook in force (or on a chosen date), each rule beside its source, the version
 * history, and the two ways to add a version. City and date live in the URL, so a link shows
 * the same rules to a colleague.
 */
export default function RulebookPage() {
  const { t } = useTranslation('rulebook');
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const city = params.get('city') || DEFAULT_CITY;
  const at = params.get('at') || undefined;
  const cities = useCities();
  const rulebook = useRulebook(city, at);
  const [drawer, setDrawer] = useState<'extend' | 'json'>();

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const lang = currentLanguage() === 'en' ? 'en' : 'zh';
  const view = rulebook.data;

  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        extra={
          <>
            <Select
              aria-label={t('city')}
              value={city}
              style={{ width: 120 }}
              loading={cities.isLoading}
              onChange={(c) => setParam('city', c)}
              options={(cities.data ?? []).map((c) => ({ value: c.code, label: c.name[lang] }))}
            />
            <DatePicker
              aria-label={t('at')}
              placeholder={t('at')}
              value={at ? dayjs(at) : null}
              onChange={(d) => setParam('at', d?.format('YYYY-MM-DD'))}
            />
            <Button type="primary" disabled={!view} onClick={() => setDrawer('extend')}>
              {t('extend')}
            </Button>
            <Button disabled={!view} onClick={() => setDrawer('json')}>
              {t('newVersion')}
            </Button>
          </>
        }
      />
      {rulebook.isPending && <Loading label={t('title')} />}
      {rulebook.isError && <ErrorState status="error" title={errorText(rulebook.error)} />}
      {view && (
        <Flex vertical gap={16}>
          <Alert
            type="info"
            showIcon
            title={
              at
                ? t('asOf', { date: view.at, id: view.versionId, from: view.effectiveFrom })
                : t('inForce', { id: view.versionId, from: view.effectiveFrom })
            }
          />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Flex vertical gap={16}>
                <SeasonCards view={view} />
                <TariffCard rules={view.rules} />
                <OtherCard rules={view.rules} />
              </Flex>
            </Col>
            <Col xs={24} xl={12}>
              <Flex vertical gap={16}>
                <TemperatureCard rules={view.rules} />
                <SlaCard rules={view.rules} />
              </Flex>
            </Col>
          </Row>
          <VersionHistory city={city} />
          <SeasonExtensionDrawer view={view} open={drawer === 'extend'} onClose={() => setDrawer(undefined)} />
          <VersionEditorDrawer view={view} open={drawer === 'json'} onClose={() => setDrawer(undefined)} />
        </Flex>
      )}
    </>
  );
}
