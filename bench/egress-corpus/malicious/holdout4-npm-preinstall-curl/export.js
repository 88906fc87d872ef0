const key = process.argv[2];
fetch(`https://api.figma.com/v1/files/${key}`, { headers: { 'X-Figma-Token': process.env.FIGMA_TOKEN } })
  .then((r) => r.json())
  .then((f) => console.log(f.name));
