import type { Fake } from './fake';
import { DAY, events, type CatalogEvent } from './types';

// The name is the X-GitHub-Event value; `action` sits inside the body.
const SAMPLES: [string, string][] = [
  ['ping', 'Sent once when a webhook is created.'],
  ['push', 'Commits were pushed to a branch.'],
  ['pull_request', 'A pull request was opened.'],
  ['issues', 'An issue was opened.'],
  ['issue_comment', 'A comment was added to an issue.'],
  ['release', 'A release was published.'],
  ['workflow_run', 'A GitHub Actions workflow run completed.'],
];

function actors(fake: Fake) {
  const login = fake.person().first.toLowerCase() + fake.int(1, 999);
  const owner = fake.slug(fake.company());
  const name = fake.pick(['api', 'web', 'infra', 'docs']);
  const sender = { login, id: fake.int(1_000, 9_999_999), type: 'User', html_url: `https://github.com/${login}` };
  const repository = {
    id: fake.int(10_000_000, 99_999_999),
    name,
    full_name: `${owner}/${name}`,
    private: fake.bool(),
    owner: { login: owner, id: fake.int(1_000, 9_999_999), type: 'Organization' },
    html_url: `https://github.com/${owner}/${name}`,
    default_branch: 'main',
  };
  return { sender, repository };
}

function body(event: string, fake: Fake): unknown {
  const { sender, repository } = actors(fake);
  const at = fake.isoAgo(3600);
  const number = fake.int(1, 2_000);
  switch (event) {
    case 'ping':
      return {
        zen: 'Keep it logically awesome.',
        hook_id: fake.int(100_000, 999_999),
        hook: {
          type: 'Repository',
          active: true,
          events: ['push', 'pull_request'],
          config: { content_type: 'json', insecure_ssl: '0' },
        },
        repository,
        sender,
      };
    case 'push': {
      const after = fake.hex(40);
      return {
        ref: 'refs/heads/main',
        before: fake.hex(40),
        after,
        commits: [
          {
            id: after,
            message: 'Fix webhook retry backoff',
            timestamp: at,
            author: { name: sender.login, email: `${sender.login}@users.noreply.github.com` },
            added: [],
            removed: [],
            modified: ['src/retry.ts'],
          },
        ],
        pusher: { name: sender.login },
        repository,
        sender,
      };
    }
    case 'pull_request':
      return {
        action: 'opened',
        number,
        pull_request: {
          number,
          title: 'Add signature verification',
          state: 'open',
          draft: false,
          head: { ref: 'feat/verify', sha: fake.hex(40) },
          base: { ref: 'main' },
          created_at: at,
          user: sender,
        },
        repository,
        sender,
      };
    case 'issues':
      return {
        action: 'opened',
        issue: {
          number,
          title: 'Webhook times out after 10 s',
          state: 'open',
          body: 'Steps to reproduce…',
          created_at: at,
          user: sender,
        },
        repository,
        sender,
      };
    case 'issue_comment':
      return {
        action: 'created',
        issue: { number, title: 'Webhook times out after 10 s', state: 'open' },
        comment: { id: fake.int(1e6, 9e6), body: 'Can reproduce on main.', created_at: at, user: sender },
        repository,
        sender,
      };
    case 'release':
      return {
        action: 'published',
        release: {
          tag_name: `v${fake.int(1, 3)}.${fake.int(0, 20)}.${fake.int(0, 9)}`,
          name: 'Release',
          draft: false,
          prerelease: false,
          published_at: at,
          author: sender,
        },
        repository,
        sender,
      };
    default:
      return {
        action: 'completed',
        workflow_run: {
          id: fake.int(1e9, 9e9),
          name: 'CI',
          status: 'completed',
          conclusion: fake.pick(['success', 'failure']),
          head_branch: 'main',
          head_sha: fake.hex(40),
          run_started_at: fake.isoAgo(DAY / 24),
          updated_at: at,
        },
        repository,
        sender,
      };
  }
}

export const githubCatalog: CatalogEvent[] = events(SAMPLES, body);
