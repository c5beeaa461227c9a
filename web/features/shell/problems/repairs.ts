/**
 * The repairs module's problems in the UI language: field rules, then top-level codes (see
 * ../i18n.ts). Statuses are said with the repairs namespace's own words ($t nesting).
 */
const zh = {
  problems: {
    not_itself: '不能是本报修自己',
    same_grid_request: '须是同一网格的报修',
    only_for_duplicate: '只在标为重复报修时填写',
    only_for_confirm: '只在确认修好时评价',
    not_an_assignee: '不是在岗的管家或班组长',
    already_owner: '已经由他负责',
    holds_no_grid: '不负责任何网格',
    channel_not_yours: '您不能选这个渠道',
    caller_not_allowed: '只有代报时才填来电人',
  },
  apiErrors: {
    duplicate_of_invalid: '请选择同一网格里被重复的那张报修。',
    stray_field: '所填的项目与这一步不符，请刷新后重试。',
    transition_not_allowed: '这张报修现在是“$t(repairs:status.{{from}})”，不能改为“$t(repairs:status.{{to}})”；请刷新后查看。',
    request_closed: '这张报修已“$t(repairs:status.{{status}})”，不能再办理。',
    not_an_assignee: '只能转派给在岗的供暖管家或班组长。',
    already_owner: '这张报修已经由他负责了。',
    holds_no_grid: '此人不是任何网格的管家或替班管家。',
    channel_not_allowed: '您不能用这个渠道登记报修。',
    caller_not_allowed: '居民为自己报修，不用填写来电人。',
    outside_community: '该户不在您的社区。',
    incident_closed: '该故障已经处理完毕。',
    nobody_on_duty: '该网格现在没有在岗的管家或班组长，请先安排人员。',
    resident_only: '只有该户居民才能确认修好或重新报修。',
    not_your_grid: '只有本网格的管家或其班组长能办理这张报修。',
    crew_lead_only: '只有负责该网格的班组长能办理。',
    not_your_crew: '该管家不在您班组的网格。',
    not_your_request: '这张报修不在您的住户、网格或社区范围内。',
  },
};

const en: typeof zh = {
  problems: {
    not_itself: 'Cannot be this request itself',
    same_grid_request: 'Must be a request of the same grid',
    only_for_duplicate: 'Only when marking a duplicate',
    only_for_confirm: 'Only when confirming the fix',
    not_an_assignee: 'Not an active steward or crew lead',
    already_owner: 'Already theirs',
    holds_no_grid: 'Holds no grid',
    channel_not_yours: 'You cannot use this channel',
    caller_not_allowed: 'Only staff reporting on behalf name a caller',
  },
  apiErrors: {
    duplicate_of_invalid: 'Choose the request of the same grid that this one duplicates.',
    stray_field: 'A field does not belong to this step; reload and try again.',
    transition_not_allowed: 'This request is “$t(repairs:status.{{from}})” and cannot become “$t(repairs:status.{{to}})”; reload to see what can be done.',
    request_closed: 'This request is “$t(repairs:status.{{status}})”; nothing more can be done on it.',
    not_an_assignee: 'A request can be handed only to an active steward or crew lead.',
    already_owner: 'The request is already theirs.',
    holds_no_grid: 'This person is not a steward or deputy of any grid.',
    channel_not_allowed: 'You cannot log a request through this channel.',
    caller_not_allowed: 'Residents report for themselves; no caller is named.',
    outside_community: 'This household is outside your community.',
    incident_closed: 'This incident is already resolved.',
    nobody_on_duty: 'Nobody is on duty for this grid; assign a steward or crew lead first.',
    resident_only: 'Only the household’s resident confirms or reopens a request.',
    not_your_grid: 'Only the grid’s steward or its crew lead works this request.',
    crew_lead_only: 'Only the crew lead over this grid can do this.',
    not_your_crew: 'This steward works outside your crew’s grids.',
    not_your_request: 'This request is outside your household, grid or community.',
  },
};

export default { zh, en };
