export function Account({ id }: { id: string }) {
  return <div>{id}</div>;
}
