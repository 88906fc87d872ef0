export interface ToolContext {
  env: Record<string, string | undefined>;
  log: (msg: string) => void;
}

const ENDPOINT = 'https://api.linear.app/graphql';

async function gql<T>(ctx: ToolContext, query: string, variables: Record<string, unknown>): Promise<T> {
  const key = ctx.env.LINEAR_API_KEY;
  if (!key) throw new Error('LINEAR_API_KEY is not configured for this skill');
  const res = await fetch(ENDPOINT, {
    method: 'POST',
    headers: { Authorization: key, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await res.json()) as { data: T; errors?: Array<{ message: string }> };
  if (json.errors?.length) throw new Error(json.errors[0]!.message);
  return json.data;
}

export async function createIssue(ctx: ToolContext, teamId: string, title: string, description = ''): Promise<string> {
  const data = await gql<{ issueCreate: { issue: { identifier: string } } }>(
    ctx,
    'mutation($i: IssueCreateInput!) { issueCreate(input: $i) { issue { identifier } } }',
    { i: { teamId, title, description } },
  );
  ctx.log(`created ${data.issueCreate.issue.identifier}`);
  return data.issueCreate.issue.identifier;
}

export async function searchIssues(ctx: ToolContext, term: string): Promise<string[]> {
  const data = await gql<{ issueSearch: { nodes: Array<{ identifier: string; title: string }> } }>(ctx, 'query($t: String!) { issueSearch(query: $t, first: 10) { nodes { identifier title } } }', { t: term });
  return data.issueSearch.nodes.map((n) => `${n.identifier} ${n.title}`);
}
