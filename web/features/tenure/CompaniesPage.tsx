import { Input, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PropertyCompanyView } from '../../../server/modules/tenure/tenure.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useUrlSearch } from '../../ui/useUrlSearch.ts';
import { useCompanies } from './hooks.ts';

const PAGE_SIZE = 20;

/** Property companies the heating company deals with; search and page live in the URL. */
export default function CompaniesPage() {
  const { t } = useTranslation('tenure');
  const { q, page, set } = useUrlSearch();
  const companies = useCompanies({ q: q || undefined, page, pageSize: PAGE_SIZE });
  return (
    <>
      <PageHeader title={t('companies.title')} subtitle={t('companies.subtitle')} />
      <Input.Search
        allowClear
        defaultValue={q}
        placeholder={t('companies.search')}
        aria-label={t('companies.search')}
        onSearch={(v) => set({ q: v.trim() })}
        style={{ width: 280, marginBottom: 16 }}
      />
      <Table<PropertyCompanyView>
        rowKey="id"
        loading={companies.isFetching}
        dataSource={companies.data?.items}
        scroll={{ x: 720 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: companies.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (count) => t('companies.total', { count }),
          onChange: (p) => set({ q, page: p }),
        }}
        columns={[
          { title: t('companies.columns.name'), dataIndex: 'name' },
          { title: t('companies.columns.contact'), dataIndex: 'contactName', render: (v: string | null) => v ?? '—' },
          { title: t('companies.columns.phone'), dataIndex: 'contactPhone', render: (v: string | null) => v ?? '—' },
          { title: t('companies.columns.creditCode'), dataIndex: 'creditCode', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </>
  );
}
