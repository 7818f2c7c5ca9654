// A small shop's order export, written with .NET's BinaryFormatter: the payload that
// examples/dotnet-interop reads in TypeScript (data/orders.bin).
//
// Build and run with Mono (generate.sh does this):
//   mcs -out:Shop.exe Orders.cs
//   mono Shop.exe ../data/orders.bin
// Read an order book back (what the TypeScript side wrote with NrbfFormatter) and print it:
//   mono Shop.exe --read ../dist/orders-from-node.bin
//
// Every value is fixed (no clock, no random, no Guid.NewGuid), so two runs write the same bytes.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.Serialization.Formatters.Binary;

namespace Shop
{
    public enum OrderStatus { Pending = 0, Paid = 1, Shipped = 2, Cancelled = 3 }

    // Auto-properties: BinaryFormatter writes their compiler-generated backing fields,
    // named <Id>k__BackingField, <Name>k__BackingField, ...
    [Serializable]
    public class Customer
    {
        public int Id { get; set; }
        public string Name { get; set; }
        public string Email { get; set; }
    }

    [Serializable]
    public class OrderLine
    {
        public string Sku { get; set; }
        public string Description { get; set; }
        public int Quantity { get; set; }
        public decimal UnitPrice { get; set; }

        public decimal Amount { get { return Quantity * UnitPrice; } }
    }

    // Private fields behind read-only properties: the stream carries the field names.
    [Serializable]
    public class Order
    {
        private Guid m_id;
        private long number;
        private Customer customer;
        private DateTime placedAt;
        private OrderStatus status;
        private List<OrderLine> lines = new List<OrderLine>();
        private Dictionary<string, string> tags = new Dictionary<string, string>();
        [NonSerialized] private decimal? cachedTotal; // a cache: never written

        public Order(Guid id, long number, Customer customer, DateTime placedAt, OrderStatus status)
        {
            this.m_id = id;
            this.number = number;
            this.customer = customer;
            this.placedAt = placedAt;
            this.status = status;
        }

        public Guid Id { get { return m_id; } }
        public long Number { get { return number; } }
        public Customer Customer { get { return customer; } }
        public DateTime PlacedAt { get { return placedAt; } }
        public OrderStatus Status { get { return status; } }
        public List<OrderLine> Lines { get { return lines; } }
        public Dictionary<string, string> Tags { get { return tags; } }

        public Order Add(string sku, string description, int quantity, decimal unitPrice)
        {
            lines.Add(new OrderLine { Sku = sku, Description = description, Quantity = quantity, UnitPrice = unitPrice });
            cachedTotal = null;
            return this;
        }

        public decimal Total()
        {
            if (cachedTotal == null)
            {
                decimal sum = 0m;
                foreach (OrderLine line in lines) sum += line.Amount;
                cachedTotal = sum;
            }
            return cachedTotal.Value;
        }
    }

    [Serializable]
    public class OrderBook
    {
        private string store;
        private DateTime exportedAt;
        private List<Order> orders = new List<Order>();

        public OrderBook(string store, DateTime exportedAt)
        {
            this.store = store;
            this.exportedAt = exportedAt;
        }

        public string Store { get { return store; } }
        public DateTime ExportedAt { get { return exportedAt; } }
        public List<Order> Orders { get { return orders; } }
    }

    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length == 2 && args[0] == "--read") return Read(args[1]);
            if (args.Length != 1)
            {
                Console.Error.WriteLine("usage: mono Shop.exe <output file> | --read <input file>");
                return 2;
            }

            var ann = new Customer { Id = 1001, Name = "Ann Lee", Email = "ann@example.com" };
            var bob = new Customer { Id = 1002, Name = "Bob Stone", Email = "bob@example.com" };

            var book = new OrderBook("Teahouse Online", new DateTime(2024, 11, 23, 6, 0, 0, DateTimeKind.Utc));

            var first = new Order(new Guid("3f2504e0-4f89-11d3-9a0c-0305e82c3301"), 5001L, ann,
                                  new DateTime(2024, 11, 20, 10, 15, 0, DateTimeKind.Utc), OrderStatus.Shipped)
                .Add("TEA-SENCHA-100", "Sencha green tea, 100 g", 2, 8.95m)
                .Add("MUG-STONE", "Stoneware mug", 1, 14.50m);
            first.Tags["channel"] = "web";
            first.Tags["coupon"] = "WELCOME10";

            // DateTime keeps 100-ns ticks; this one has sub-millisecond digits, as DateTime.UtcNow would.
            var second = new Order(new Guid("9a6c2e57-1b3d-4f0a-8e21-5c7d90b4a6f1"), 5002L, ann,
                                   new DateTime(2024, 11, 21, 9, 30, 0, DateTimeKind.Utc).AddTicks(1234567), OrderStatus.Paid)
                .Add("KETTLE-GLASS-1L", "Glass kettle, 1 l", 1, 39.00m)
                .Add("TEA-SENCHA-100", "Sencha green tea, 100 g", 3, 8.95m);
            second.Tags["channel"] = "app";
            second.Tags["gift-wrap"] = "yes";

            var third = new Order(new Guid("c0ffee00-7e57-4d1e-b0a7-000000005003"), 5003L, bob,
                                  new DateTime(2024, 11, 22, 18, 5, 0, DateTimeKind.Utc), OrderStatus.Pending)
                .Add("FILTER-PAPER-50", "Paper tea filters, 50 pcs", 4, 2.49m);

            book.Orders.Add(first);
            book.Orders.Add(second);
            book.Orders.Add(third);

            // Fill the [NonSerialized] caches, to show that they stay out of the stream.
            decimal grand = 0m;
            foreach (Order o in book.Orders) grand += o.Total();

            using (var stream = new MemoryStream())
            {
                new BinaryFormatter().Serialize(stream, book);
                File.WriteAllBytes(args[0], stream.ToArray());
                Console.WriteLine("wrote {0} bytes: {1} orders, grand total {2}",
                                  stream.Length, book.Orders.Count, grand.ToString(CultureInfo.InvariantCulture));
            }
            return 0;
        }

        // .NET's side of the answer: BinaryFormatter.Deserialize on what Node wrote, printed
        // line by line for the TypeScript side to compare.
        static int Read(string path)
        {
            byte[] bytes = File.ReadAllBytes(path);
            OrderBook book;
            using (var stream = new MemoryStream(bytes))
            {
                book = (OrderBook)new BinaryFormatter().Deserialize(stream);
                if (stream.Position != stream.Length) throw new InvalidDataException("bytes left after the order book");
            }
            CultureInfo inv = CultureInfo.InvariantCulture;
            Console.WriteLine(".NET read {0} bytes: {1}, {2} orders, exported {3}", bytes.Length, book.Store, book.Orders.Count, book.ExportedAt.ToString("o", inv));
            decimal grand = 0m;
            foreach (Order o in book.Orders)
            {
                var tags = new List<string>();
                foreach (var kv in o.Tags) tags.Add(kv.Key + "=" + kv.Value);
                Console.WriteLine(".NET order {0} ({1}), {2}, {3} line(s), customer {4}, total {5}, tags {6}",
                                  o.Number, o.Id, o.Status, o.Lines.Count, o.Customer.Name, o.Total().ToString(inv),
                                  tags.Count == 0 ? "(none)" : string.Join(", ", tags));
                grand += o.Total();
            }
            Console.WriteLine(".NET shared customer: {0}", object.ReferenceEquals(book.Orders[0].Customer, book.Orders[1].Customer));
            Console.WriteLine(".NET grand total {0}", grand.ToString(inv));
            return 0;
        }
    }
}
