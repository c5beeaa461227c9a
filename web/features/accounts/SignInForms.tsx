import { useState } from 'react';
import { Alert, App, Button, Form, Input, Space, type FormInstance } from 'antd';
import { LockOutlined, MobileOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { useCountdown } from '../../ui/useCountdown.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useCodeSignIn, usePasswordSignIn, useRequestCode } from './hooks.ts';

/** Field errors go under the fields, said by their rule; the rest in one sentence above the button. */
function useFailure(form: FormInstance) {
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const [text, setText] = useState<string>();
  const fail = (err: unknown) => {
    const placed = err instanceof ApiError && err.fieldProblems.length > 0 && applyFieldErrors(form, err).length === 0;
    setText(placed ? undefined : errorText(err));
  };
  return { text, fail, clear: () => setText(undefined) };
}

/** On success the session is known and the sign-in page moves on by itself. */
export function StaffSignInForm() {
  const { t } = useTranslation('accounts');
  const [form] = Form.useForm<{ username: string; password: string }>();
  const signIn = usePasswordSignIn();
  const failure = useFailure(form);
  return (
    <Form
      form={form}
      layout="vertical"
      size="large"
      requiredMark={false}
      onValuesChange={failure.clear}
      onFinish={(values) => signIn.mutate(values, { onError: failure.fail })}
    >
      <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true, whitespace: true, message: t('signIn.usernameRequired') }]}>
        <Input prefix={<UserOutlined />} autoComplete="username" autoCapitalize="none" />
      </Form.Item>
      <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
      </Form.Item>
      {failure.text && <Alert type="error" showIcon title={failure.text} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
        {t('signIn.submit')}
      </Button>
    </Form>
  );
}

/** Residents have no password: a one-time code goes by SMS to the phone the company has on file. */
export function ResidentSignInForm() {
  const { t } = useTranslation('accounts');
  const { message } = App.useApp();
  const [form] = Form.useForm<{ phone: string; code: string }>();
  const requestCode = useRequestCode();
  const signIn = useCodeSignIn();
  const failure = useFailure(form);
  const [wait, startWait] = useCountdown();

  const sendCode = async () => {
    try {
      await form.validateFields(['phone']);
    } catch {
      return; // the field shows what is wrong
    }
    failure.clear();
    requestCode.mutate(
      { phone: form.getFieldValue('phone') as string },
      {
        onSuccess: (r) => {
          startWait(60);
          void message.success(t('signIn.codeSent', { minutes: Math.round(r.expiresInSeconds / 60) }));
        },
        onError: (err) => {
          // The server says how long to wait; count that down instead of letting them retry blindly.
          const retry = err instanceof ApiError ? (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds : undefined;
          if (retry) startWait(retry);
          failure.fail(err);
        },
      },
    );
  };

  return (
    <Form
      form={form}
      layout="vertical"
      size="large"
      requiredMark={false}
      onValuesChange={failure.clear}
      onFinish={(values) => signIn.mutate(values, { onError: failure.fail })}
    >
      <Form.Item
        name="phone"
        label={t('signIn.phone')}
        extra={t('signIn.phoneHint')}
        rules={[{ required: true, len: 11, message: t('signIn.phoneInvalid') }]}
        normalize={(v: string) => v.replace(/\D/g, '')}
      >
        <Input prefix={<MobileOutlined />} inputMode="numeric" autoComplete="tel-national" maxLength={11} />
      </Form.Item>
      <Form.Item label={t('signIn.code')} required>
        <Space.Compact block>
          <Form.Item name="code" noStyle rules={[{ required: true, len: 6, message: t('signIn.codeInvalid') }]} normalize={(v: string) => v.replace(/\D/g, '')}>
            <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} aria-label={t('signIn.code')} />
          </Form.Item>
          <Button onClick={() => void sendCode()} disabled={wait > 0} loading={requestCode.isPending} style={{ minWidth: 128 }}>
            {wait > 0 ? t('signIn.resendIn', { seconds: wait }) : t('signIn.sendCode')}
          </Button>
        </Space.Compact>
      </Form.Item>
      {failure.text && <Alert type="error" showIcon title={failure.text} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
        {t('signIn.submit')}
      </Button>
    </Form>
  );
}
