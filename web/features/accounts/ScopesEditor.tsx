import { Button, Flex, Form, InputNumber, Select } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SCOPE_KINDS, SCOPES_BY_ROLE, type Role } from '../../../server/kernel/actor.ts';

/**
 * The part of the city an account may act on: rows of (kind, id). Only the kinds that fit the
 * chosen role are offered (the same table the server checks with).
 */
export function ScopesEditor({ role }: { role: Role | undefined }) {
  const kinds = role ? SCOPES_BY_ROLE[role] : SCOPE_KINDS;
  const { t } = useTranslation('accounts');
  return (
    <Form.List name="scopes">
      {(fields, { add, remove }) => (
        <Flex vertical gap={8}>
          {fields.map(({ key, name }) => (
            <Flex key={key} gap={8} align="flex-start">
              <Form.Item name={[name, 'kind']} rules={[{ required: true, message: t('users.form.required') }]} style={{ flex: 1, marginBottom: 0 }}>
                <Select
                  aria-label={t('users.form.scopeKind')}
                  placeholder={t('users.form.scopeKind')}
                  options={kinds.map((k) => ({ value: k, label: t(`users.scopeKinds.${k}`) }))}
                />
              </Form.Item>
              <Form.Item name={[name, 'refId']} rules={[{ required: true, message: t('users.form.required') }]} style={{ width: 120, marginBottom: 0 }}>
                <InputNumber aria-label={t('users.form.scopeRef')} placeholder={t('users.form.scopeRef')} min={1} precision={0} style={{ width: '100%' }} />
              </Form.Item>
              <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('users.form.removeScope')} onClick={() => remove(name)} />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} block>
            {t('users.form.addScope')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
