// Runs in the page: asks the app behind staticFiles for a greeting, then reports success.
fetch("/api/hello")
  .then((response) => response.json())
  .then((data) => {
    document.getElementById("status").textContent = `app says: ${data.message}`;
    document.title = "tsgi static site: ready";
  })
  .catch((error) => {
    document.getElementById("status").textContent = `failed: ${error}`;
  });
