import type { JSX } from 'preact';
import { Importance } from './views/importance';
import { Improvements } from './views/improvements';
import { Inbox } from './views/inbox';
import { Journey } from './views/journey';
import { Insights } from './views/insights';
import { Kiosks } from './views/kiosks';
import { Leaderboard } from './views/leaderboard';
import { Overview } from './views/overview';
import { Responses } from './views/responses';
import { Segments } from './views/segments';
import { SiteSettings } from './views/site-settings';
import { SurveyEditorPage } from './views/survey-editor';
import { Surveys } from './views/surveys';
import { Touchpoints } from './views/touchpoints';

/** The navigation: hash path and label of each view. */
export const NAV: { path: string; label: string }[] = [
  { path: '/overview', label: 'Overview' },
  { path: '/leaderboard', label: 'Leaderboard' },
  { path: '/segments', label: 'Segments & drivers' },
  { path: '/importance', label: 'Importance grid' },
  { path: '/journey', label: 'Journey map' },
  { path: '/responses', label: 'Responses' },
  { path: '/insights', label: 'Verbatim insights' },
  { path: '/inbox', label: 'Follow-up inbox' },
  { path: '/improvements', label: 'You said, we did' },
  { path: '/kiosks', label: 'Kiosks' },
  { path: '/surveys', label: 'Surveys' },
  { path: '/touchpoints', label: 'Touchpoints & embed' },
  { path: '/settings', label: 'Site settings' },
];

/** The view of a hash path (`/inbox?case=…` opens the inbox on that case: the link in chat alerts). */
export function routeView(route: string): JSX.Element {
  const [path = '', query = ''] = route.split('?');
  const [, first, second] = path.split('/');
  switch (first) {
    case 'leaderboard':
      return <Leaderboard />;
    case 'segments':
      return <Segments />;
    case 'importance':
      return <Importance />;
    case 'journey':
      return <Journey />;
    case 'responses':
      return <Responses />;
    case 'insights':
      return <Insights query={query} />;
    case 'inbox':
      return <Inbox focus={new URLSearchParams(query).get('case')} />;
    case 'improvements':
      return <Improvements />;
    case 'kiosks':
      return <Kiosks />;
    case 'surveys':
      return second ? <SurveyEditorPage id={decodeURIComponent(second)} /> : <Surveys />;
    case 'touchpoints':
      return <Touchpoints />;
    case 'settings':
      return <SiteSettings />;
    default:
      return <Overview />;
  }
}
