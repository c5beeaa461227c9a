import { useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Drawer, Flex, Form, Input, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { RulebookView } from '../../../server/modules/rulebook/rulebook.api.contract.ts';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { useNarrowScreen } from '../../ui/useNarrowScreen.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useExtendSeason } from './hooks.ts';

interface Values {
  season: string;
  end: Dayjs;
  reason: string;
  effectiveFrom?: Dayjs | null;
}

interface Props {
  view: RulebookView;
  open: boolean;
  onClose: () => void;
}

/** "Extend 2026-27 to 2027-03-22": the admin names the season and the new end, not a whole rulebook. */
export function SeasonExtensionDrawer({ view, open, onClose }: Props) {
  const { t } = useTranslation('rulebook');
  const { message } = App.useApp();
  const narrow = useNarrowScreen();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const applyFieldErrors = useApplyFieldErrors();
  const extend = useExtendSeason(view.city);
  const [problem, setProblem] = useState<string>();
  const seasons = [...new Set([view.season?.code, view.nextSeason.code].filter((c): c is string => !!c))];

  useEffect(() => {
    if (!open) return;
    setProblem(undefined);
    form.resetFields();
  }, [open, form]);

  const save = (v: Values) => {
    setProblem(undefined);
    const body = {
      season: v.season,
      end: v.end.format('YYYY-MM-DD'),
      reason: v.reason.trim(),
      ...(v.effectiveFrom && { effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD') }),
    };
    extend.mutate(body, {
      onSuccess: () => {
        void message.success(t('extension.saved', { season: body.season, end: body.end }));
        onClose();
      },
      onError: (err) => {
        const unplaced = err instanceof ApiError ? applyFieldErrors(form, err) : [];
        setProblem([errorText(err), ...unplaced].join(' '));
      },
    });
  };

  const required = [{ required: true, message: t('extension.required') }];
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={narrow ? '100%' : 480}
      title={t('extension.title')}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('extension.cancel')}</Button>
          <Button type="primary" onClick={() => form.submit()} loading={extend.isPending}>
            {t('extension.save')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('extension.help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ season: seasons[0] }} onValuesChange={() => setProblem(undefined)}>
        <Form.Item name="season" label={t('extension.season')} rules={required}>
          <Select options={seasons.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item name="end" label={t('extension.end')} extra={t('extension.endHelp')} rules={required}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('extension.reason')} rules={[...required, { whitespace: true, message: t('extension.required') }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('extension.effectiveFrom')} extra={t('extension.effectiveFromHelp')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {problem && <Alert type="error" showIcon title={problem} />}
      </Form>
    </Drawer>
  );
}
