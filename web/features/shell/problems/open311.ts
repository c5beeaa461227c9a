/** The Open311 keys' problems in the UI language (the GeoReport API itself answers in its own format). */
const zh = {
  problems: {},
  apiErrors: {
    client_name_required: '请填写接入方的名称。',
    already_revoked: '该密钥已经停用了。',
  },
};

const en: typeof zh = {
  problems: {},
  apiErrors: {
    client_name_required: 'Name the client.',
    already_revoked: 'This key is already revoked.',
  },
};

export default { zh, en };
