export function PortalApp() {
  return (
    <main>
      <div className="card narrow">
        <h1>Client portal</h1>
        <p>Sign in with the link we email you.</p>
      </div>
    </main>
  );
}
