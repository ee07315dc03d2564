/**
 * The kinds of notification a person can choose how to hear of (the preferences page lists them in this
 * order). Events of one kind share one choice: "update-reviewed" covers an update returned and accepted.
 */
export const notificationKinds = [
  { key: 'round-opened', label: 'A progress round opens', hint: 'For actions your agency leads.' },
  {
    key: 'round-reminder',
    label: 'Progress updates due soon or overdue',
    hint: 'Three working days before the due date, and the working day after it, while your agency’s update is not in.',
  },
  { key: 'update-reviewed', label: 'Your progress update is returned or accepted', hint: 'For updates you submitted.' },
  { key: 'action-assigned', label: 'An action arising is given to your agency', hint: 'Recorded in the minutes of a meeting.' },
  {
    key: 'action-reminder',
    label: 'Actions arising due soon or overdue',
    hint: 'Three working days before the due date, and the working day after it, while the action is open.',
  },
  { key: 'meeting-published', label: 'Meeting papers or minutes are published', hint: 'For partnerships you belong to.' },
  { key: 'risk-review', label: 'A risk review is due', hint: 'For risks your agency owns or co-sponsors.' },
  { key: 'awaiting-you', label: 'A contribution or report is waiting for you', hint: 'When someone asks for your part.' },
] as const;

export type NotificationKind = (typeof notificationKinds)[number]['key'];

export const kindKeys = notificationKinds.map((k) => k.key) as [NotificationKind, ...NotificationKind[]];

export const isNotificationKind = (value: string): value is NotificationKind => kindKeys.includes(value as NotificationKind);
