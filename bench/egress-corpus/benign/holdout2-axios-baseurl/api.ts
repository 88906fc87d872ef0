import axios from 'axios';

const client = axios.create({
  baseURL: process.env.API_BASE,
  headers: { Authorization: `Bearer ${process.env.API_TOKEN}` },
  timeout: 15_000,
});

const path = process.argv[2] ?? '/v1/status';
const { data } = await client.get(path);
console.log(JSON.stringify(data, null, 2));
